import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const ajv = new Ajv({ strict: false, allErrors: true });
(formats as unknown as { default: (ajv: Ajv) => void }).default(ajv);

/** Problems found in JSON answers of /api that do not match what the route documents. */
export const contractViolations: string[] = [];

/** Every status each operation answered in this process: "GET /api/companies/:id" → {200, 404}. */
export const answeredStatuses = new Map<string, Set<number>>();

type Schema = Record<string, unknown>;

/**
 * The schema as Fastify's serializer reads it, but refusing what it would silently drop: every
 * object that does not say otherwise allows no property beyond the documented ones.
 */
export function strictCopy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictCopy);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] =
      key === 'properties' || key === 'patternProperties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strictCopy(v)]))
        : key === 'enum' || key === 'const' || key === 'required' || key === 'examples'
          ? value
          : strictCopy(value);
  }
  if (copy.properties && copy.additionalProperties === undefined && !copy.patternProperties)
    copy.additionalProperties = false;
  return copy;
}

const compiled = new WeakMap<object, { loose: ValidateFunction; strict: ValidateFunction }>();
function validators(schema: object) {
  let pair = compiled.get(schema);
  if (!pair) {
    const plain = JSON.parse(JSON.stringify(schema)) as Schema;
    pair = { loose: ajv.compile(plain), strict: ajv.compile(strictCopy(plain) as Schema) };
    compiled.set(schema, pair);
  }
  return pair;
}

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') && !request.url.startsWith('/api/docs');
}

function documentedFor(request: FastifyRequest, reply: FastifyReply) {
  const documented = (request.routeOptions.schema?.response ?? {}) as Record<string, object>;
  return documented[reply.statusCode];
}

const routeOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url}`;

/** Ajv's errors, naming the property an object does not document. */
function explain(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((e) => {
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${e.instancePath || '/'} ${extra ? `has "${extra}", which the schema does not document` : e.message}`;
    })
    .join('; ');
}

/**
 * Checks every answer of /api against the route's documented responses: its status must be
 * documented (no catch-all), its JSON body must match that status's schema, and the object the
 * handler returned must not carry a field the schema leaves out (Fastify would drop it silently).
 */
export function checkApiResponses(app: FastifyInstance): void {
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (!isApi(request) || !request.routeOptions.url || reply.statusCode >= 400) return payload;
    const schema = documentedFor(request, reply);
    if (!schema || (schema as Schema).content) return payload;
    const { strict } = validators(schema);
    if (!strict(JSON.parse(JSON.stringify(payload ?? null))))
      contractViolations.push(
        `${routeOf(request)} → ${reply.statusCode}: the handler's answer does not fit its schema (fields would be dropped or changed): ${explain(strict)}`,
      );
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // Unknown URLs (no route) answer the shared 404; 5xx are the fuzzer's business.
    if (!isApi(request) || !request.routeOptions.url || reply.statusCode >= 500) return payload;
    const route = routeOf(request);
    const seen = answeredStatuses.get(route) ?? new Set<number>();
    answeredStatuses.set(route, seen.add(reply.statusCode));
    const schema = documentedFor(request, reply);
    if (!schema) {
      contractViolations.push(`${route} → ${reply.statusCode}: status not documented`);
      return payload;
    }
    const type = String(reply.getHeader('content-type') ?? '');
    if (typeof payload !== 'string' || !type.includes('json')) return payload;
    const { loose } = validators(schema);
    if (!loose(JSON.parse(payload)))
      contractViolations.push(`${route} → ${reply.statusCode}: ${explain(loose)}`);
    return payload;
  });
}
