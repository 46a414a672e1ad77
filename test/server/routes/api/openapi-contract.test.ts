import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROLE_TABLE } from '../../../../server/lib/role-table.js';
import { answeredStatuses } from '../../../api-contract-check.js';
import { apiUser, buildTestApp, tempDir } from '../../../helper.js';

const run = promisify(execFile);
const REDOCLY = resolve(import.meta.dirname, '../../../../node_modules/.bin/redocly');

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, unknown>;
};
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

const app = await buildTestApp();
const document = app.swagger() as {
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
};
/** Fastify's url of a documented path: /api/companies/{id} → /api/companies/:id */
const routeUrl = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
const accessOf = new Map(
  ROLE_TABLE.flatMap((area) => area.routes.map((route) => [route, area.access] as const)),
);
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => {
    const route = `${method.toUpperCase()} ${routeUrl(path)}`;
    return {
      name: `${method.toUpperCase()} ${path}`,
      route,
      method: method.toUpperCase() as 'GET',
      path,
      operation,
      access: accessOf.get(route),
      codes: Object.keys(operation.responses ?? {}),
    };
  }),
);
const AUTO_SUMMARY = /^(GET|POST|PUT|PATCH|DELETE|HEAD)\s+\//i;

describe('the OpenAPI document', () => {
  it('gives every operation a written summary, a unique camelCase operationId and declared tags', () => {
    expect(operations.length).toBeGreaterThan(85);
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const declaredTags = new Set((document.tags ?? []).map((t) => t.name));
    for (const { name, path, operation } of operations) {
      expect(operation.operationId, name).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(operation.summary, name).toMatch(/^[A-Z].* /);
      expect(operation.summary, name).not.toMatch(AUTO_SUMMARY);
      expect(operation.summary, name).not.toContain(path);
      expect(operation.tags?.length, name).toBeGreaterThan(0);
      for (const tag of operation.tags ?? []) expect(declaredTags, `${name}: tag ${tag}`).toContain(tag);
    }
  });

  it('documents exact statuses: a success with its body schema, and errors with the Error schema', () => {
    let withBody = 0;
    for (const { name, codes, operation, access } of operations) {
      expect(access, `${name} is in the role table`).toBeDefined();
      expect(
        codes.filter((c) => !/^\d{3}$/.test(c)),
        `${name}: no ranges such as 4XX`,
      ).toEqual([]);
      const successes = codes.filter((c) => c.startsWith('2'));
      expect(successes, name).toHaveLength(1);
      const success = operation.responses![successes[0]!]!;
      if (successes[0] === '204') {
        expect(success.content, `${name} 204 has no body`).toBeUndefined();
      } else {
        const [type, media] = Object.entries(success.content ?? {})[0] ?? [];
        expect(media?.schema, `${name} ${successes[0]} has a body schema`).toBeDefined();
        if (type === 'application/json') {
          expect(media!.schema!.type, `${name}: a typed body, not "anything"`).toMatch(/^(object|array)$/);
          if (media!.schema!.type === 'object')
            expect(Object.keys(media!.schema!.properties ?? {}).length, name).toBeGreaterThan(0);
        } else {
          expect(media!.schema, `${name}: a file`).toMatchObject({ type: 'string', format: 'binary' });
        }
        withBody++;
      }
      for (const code of codes.filter((c) => c.startsWith('4'))) {
        const schema = operation.responses![code]!.content?.['application/json']?.schema;
        expect(Object.keys(schema?.properties ?? {}), `${name} ${code}`).toEqual(
          expect.arrayContaining(['statusCode', 'error', 'message']),
        );
      }
      // What follows from the route alone: its access level and whether it takes input.
      const input = Boolean(operation.parameters?.length || operation.requestBody);
      expect(codes.includes('401'), `${name}: 401 exactly when not public`).toBe(access !== 'public');
      if (access !== 'public' && access !== 'member') expect(codes, name).toContain('403');
      expect(codes.includes('400'), `${name}: 400 exactly when it takes input`).toBe(input);
      for (const code of ['413', '415'])
        expect(codes.includes(code), `${name}: ${code} exactly when it takes a body`).toBe(
          Boolean(operation.requestBody),
        );
    }
    console.log(
      `OpenAPI: ${operations.length} operations, ${withBody} with a success body schema, ${operations.length - withBody} answering 204`,
    );
  });

  it('documents what the routes really answer: 201 for creates, 204 for deletes', () => {
    const codes = (name: string) => operations.find((o) => o.name === name)!.codes;
    expect(codes('POST /api/companies')).toContain('201');
    expect(codes('POST /api/companies')).not.toContain('200');
    expect(codes('DELETE /api/companies/{id}')).toEqual(['204', '400', '401', '403', '404', '409']);
    expect(codes('GET /api/health')).toEqual(['200']);
  });

  it('passes the Redocly linter with its recommended rules: no errors, no warnings', async () => {
    const dir = tempDir('docket-openapi-');
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    // The one acknowledged exception: /api/health answers no client error at all, so it documents
    // none rather than a 4XX it never gives (recommended rule operation-4xx-response).
    writeFileSync(
      join(dir, '.redocly.lint-ignore.yaml'),
      "openapi.json:\n  operation-4xx-response:\n    - '#/paths/~1api~1health/get/responses'\n",
    );
    let output: string;
    try {
      const result = await run(REDOCLY, ['lint', 'openapi.json', '--extends=recommended', '--format=json'], {
        cwd: dir,
        timeout: 60_000,
      });
      output = result.stdout;
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(output.slice(output.indexOf('{'))) as {
      totals: { errors: number; warnings: number; ignored: number };
      problems: { ruleId: string; message: string; ignored?: boolean }[];
    };
    expect(report.problems.filter((p) => !p.ignored).map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0, ignored: 1 });
  }, 90_000);
});

/** A valid value for a path or query parameter that is not the id being probed. */
function validValue(schema: JsonSchema): string {
  if (schema.enum?.length) return String(schema.enum[0]);
  if (schema.format === 'date') return '2026-01-05';
  if (schema.format === 'date-time') return '2026-01-05T09:00:00Z';
  return schema.type === 'integer' || schema.type === 'number' ? '1' : 'x';
}

function urlOf(path: string, operation: Operation, values: Record<string, string> = {}): string {
  let url = path;
  const query = new URLSearchParams();
  for (const p of operation.parameters ?? []) {
    const value = values[p.name] ?? validValue(p.schema);
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    else if (p.in === 'query' && (p.required || p.name in values)) query.set(p.name, value);
  }
  const search = query.toString();
  return search ? `${url}?${search}` : url;
}

describe('every operation answers the client errors it documents', async () => {
  const admin = await apiUser(app, 'admin');
  const member = await apiUser(app, 'member');
  const probed = new Map<string, Set<number>>();
  const answer = async (
    o: (typeof operations)[number],
    request: { url: string; headers?: Record<string, string>; payload?: string },
  ) => {
    const response = await app.inject({ method: o.method, ...request });
    const seen = probed.get(o.route) ?? new Set<number>();
    probed.set(o.route, seen.add(response.statusCode));
    return response.statusCode;
  };
  const json = { 'content-type': 'application/json' };

  it.each(operations.map((o) => [o.name, o] as const))('%s', async (_name, o) => {
    const { operation, codes, access } = o;
    const hasBody = Boolean(operation.requestBody);
    const asAdmin = { ...admin.headers, ...(hasBody && json) };
    if (access !== 'public') expect(await answer(o, { url: urlOf(o.path, operation) })).toBe(401);
    if (access && access !== 'public' && access !== 'member')
      expect(await answer(o, { url: urlOf(o.path, operation), headers: member.headers })).toBe(403);
    const params = operation.parameters ?? [];
    const id = params.find((p) => p.in === 'path' && p.schema.type === 'integer');
    const query = params.find((p) => p.in === 'query' && p.schema.type === 'integer');
    if (id || query) {
      const bad = id ? { [id.name]: '0' } : { [query!.name]: 'abc' };
      const payload = hasBody ? '{}' : undefined;
      expect(await answer(o, { url: urlOf(o.path, operation, bad), headers: asAdmin, payload })).toBe(400);
    }
    if (hasBody) {
      const url = urlOf(o.path, operation);
      const extra = JSON.stringify({ notAField: 1 });
      expect(await answer(o, { url, headers: asAdmin, payload: extra })).toBe(400);
      const huge = JSON.stringify({ notAField: 'x'.repeat(3_000_000) });
      expect(await answer(o, { url, headers: asAdmin, payload: huge })).toBe(413);
      const xml = { ...admin.headers, 'content-type': 'application/xml' };
      expect(await answer(o, { url, headers: xml, payload: '<a/>' })).toBe(415);
    }
    if (id && (!hasBody || !operation.requestBody!.content['application/json']?.schema)) {
      // Nothing has this id: the lookup answers 404 (bodies are checked before, so only without one).
      const url = urlOf(o.path, operation, { [id.name]: '999999' });
      expect(await answer(o, { url, headers: admin.headers })).toBe(404);
    }
    // Each of these statuses is documented exactly when the probes above met it (a member's 403
    // on a member route comes from what their organization may see, which these probes do not set up).
    const seen = probed.get(o.route) ?? new Set();
    for (const code of [400, 401, 403, 413, 415]) {
      if (code === 400 && !(id || query || hasBody)) continue;
      if (code === 403 && access === 'member') continue;
      expect(codes.includes(String(code)), `${o.name} ${code}`).toBe(seen.has(code));
    }
    if (id && !hasBody) expect(codes, o.name).toContain('404');
    // And whatever the app answered is documented (the contract check records each answer).
    for (const status of answeredStatuses.get(o.route) ?? [])
      if (status < 500) expect(codes, `${o.name} answered ${status}`).toContain(String(status));
  });
});
