import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

const ajv = new Ajv({ strict: false, allErrors: true });
(formats as unknown as { default: (ajv: Ajv) => void }).default(ajv);

const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/** Problems found in JSON answers of /api that do not match what the route documents. */
export const contractViolations: string[] = [];

/**
 * Checks every JSON answer of /api against the route's documented responses: its status must
 * be documented, and its body must match the schema of that status.
 */
export function checkApiResponses(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return payload;
    const documented = (request.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
    if (!Object.keys(documented).length || reply.statusCode >= 500) return payload;
    const route = `${request.method} ${request.routeOptions.url} → ${reply.statusCode}`;
    const schema = documented[reply.statusCode] ?? documented[`${String(reply.statusCode)[0]}xx`];
    if (!schema) {
      contractViolations.push(`${route}: status not documented`);
      return payload;
    }
    const type = String(reply.getHeader('content-type') ?? '');
    if (typeof payload !== 'string' || !type.includes('json')) return payload;
    let validate = compiled.get(schema as object);
    if (!validate) {
      validate = ajv.compile(schema as object);
      compiled.set(schema as object, validate);
    }
    if (!validate(JSON.parse(payload)))
      contractViolations.push(`${route}: ${ajv.errorsText(validate.errors)}`);
    return payload;
  });
}
