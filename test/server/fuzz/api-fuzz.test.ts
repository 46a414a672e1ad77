import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../server/domain/vocabulary.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { apiUser, buildTestApp } from '../../helper.js';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
};
type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};

const SEED = 20261130;
const RUNS_PER_OPERATION = 12;
const clock = fixedClock('2026-05-04T09:00:00Z');

/** An arbitrary for values the schema accepts (mostly): the "valid" half of the fuzzer. */
function valid(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => valid(s, depth + 1)));
  if (schema.allOf?.length) return valid(Object.assign({}, ...schema.allOf), depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 1, max: Math.min(schema.maximum ?? 5, 1_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'object': {
      const entries = Object.entries(schema.properties ?? {});
      return fc.record(Object.fromEntries(entries.map(([k, s]) => [k, valid(s, depth + 1)])), {
        requiredKeys: (schema.required ?? []).filter((k) => schema.properties?.[k]),
      });
    }
    case 'string':
      if (schema.format === 'email') return fc.constantFrom('a@example.org', 'b.c@example.net');
      if (schema.format === 'date') return fc.constantFrom('2026-05-10', '2026-12-31', '2027-02-28');
      if (schema.format === 'date-time')
        return fc.constantFrom('2026-05-10T09:00:00Z', '2027-01-01T00:00:00Z');
      return fc
        .string({
          minLength: Math.max(schema.minLength ?? 0, 1),
          maxLength: Math.min(schema.maxLength ?? 20, 20),
        })
        .map((s) => s.trim() || 'x');
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/** Wrong types, extra fields, huge and odd strings: the "invalid" half. */
const invalid = fc.oneof(
  fc.anything({ maxDepth: 3, withNullPrototype: false }),
  fc.dictionary(
    fc.string({ maxLength: 12 }),
    fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.boolean(), fc.constant(null)),
  ),
  fc.constantFrom(
    '\u0000',
    'ÄRZTE',
    '99999999999999999999',
    '2026-02-30',
    '<script>alert(1)</script>',
    -1,
    1e308,
  ),
);

const app = await buildTestApp({ clock });
const roles: Role[] = ['admin', 'coordinator', 'staff', 'member'];
const headersOf = Object.fromEntries(
  await Promise.all(roles.map(async (r) => [r, (await apiUser(app, r)).headers])),
);
const actor = { userId: null, label: 'fuzz seed' };
const company = app.services.companies.create(
  { name: 'Fuzz Co', country: 'GB', contacts: [{ function: 'ir', email: 'ir@fuzz.example' }] },
  actor,
);
const organization = app.services.organizations.create(
  { name: 'Fuzz Org', kind: 'ngo', country: 'GB' },
  actor,
);
const campaign = app.services.campaigns.create(
  { name: 'Fuzz campaign', companyIds: [company.id], organizationIds: [organization.id] },
  actor,
);
app.services.letters.create(
  campaign.id,
  { title: 'Fuzz letter', body: 'Dear {{company.name}}', questions: ['Why?'], companyIds: [company.id] },
  actor,
);

const document = app.swagger() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths)
  .filter(([path]) => path.startsWith('/api/') && !path.startsWith('/api/docs'))
  .flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

const tables = (
  app.db.$client
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
    .all() as { name: string }[]
)
  .map((t) => t.name)
  .filter((t) => t !== 'sessions');
const rowCounts = () =>
  Object.fromEntries(
    tables.map((t) => [
      t,
      (app.db.$client.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n,
    ]),
  );

describe('property-based fuzzing of every API operation (seeded)', () => {
  let requests = 0;
  afterAll(() => {
    console.log(`API fuzzer: ${requests} requests over ${operations.length} operations`);
  });

  // Each operation is its own test, whole in itself: no 5xx, the field of every 400 named, no
  // partial write, and the database sound afterwards.
  it.each(operations.map((o) => [`${o.method} ${o.path}`, o]))('%s', async (_name, { method, path, op }) => {
    const serverErrors: string[] = [];
    const unnamed: string[] = [];
    const partialWrites: string[] = [];
    let sent = 0;
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const query = (op.parameters ?? []).filter((p) => p.in === 'query');
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    const input = fc.record({
      role: fc.constantFrom(...roles),
      ids: fc.tuple(
        ...pathParams.map(() =>
          fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom('0', '-1', 'abc', '99999999999999999999')),
        ),
      ),
      query: fc.oneof(
        valid({ type: 'object', properties: Object.fromEntries(query.map((q) => [q.name, q.schema])) }),
        fc.dictionary(
          fc.constantFrom(...(query.length ? query.map((q) => q.name) : ['x'])),
          fc.string({ maxLength: 30 }),
        ),
      ),
      body: bodySchema ? fc.oneof(valid(bodySchema), invalid) : fc.constant(undefined),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ role, ids, query: q, body }) => {
        let url = path;
        pathParams.forEach((p, i) => {
          url = url.replace(`{${p.name}}`, encodeURIComponent(String(ids[i])));
        });
        const search = new URLSearchParams(
          Object.entries((q ?? {}) as Record<string, unknown>).flatMap(([k, v]) =>
            v === undefined ? [] : [[k, typeof v === 'object' ? JSON.stringify(v) : String(v)]],
          ),
        ).toString();
        const before = rowCounts();
        const response = await app.inject({
          method: method as 'GET',
          url: search ? `${url}?${search}` : url,
          headers: { ...headersOf[role], ...(body !== undefined && { 'content-type': 'application/json' }) },
          ...(body !== undefined && { payload: JSON.stringify(body) }),
        });
        requests++;
        sent++;
        const label = `${role} ${method} ${url}?${search} ${JSON.stringify(body)?.slice(0, 200)} → ${response.statusCode}`;
        if (response.statusCode >= 500) serverErrors.push(`${label} ${response.body.slice(0, 200)}`);
        if (response.statusCode >= 400 && response.statusCode < 500) {
          const message = (response.json() as { message?: string }).message ?? '';
          if (response.statusCode === 400 && !/^[\w.[\]/]+[:/ ]|\b(body|querystring|params)\b/.test(message))
            unnamed.push(`${label}: ${message}`);
          const after = rowCounts();
          const changed = tables.filter((t) => after[t] !== before[t]);
          if (changed.length) partialWrites.push(`${label}: ${changed.join(', ')}`);
        }
      }),
      { seed: SEED, numRuns: RUNS_PER_OPERATION },
    );
    expect(sent).toBeGreaterThanOrEqual(RUNS_PER_OPERATION);
    expect(serverErrors).toEqual([]);
    expect(unnamed).toEqual([]);
    expect(partialWrites).toEqual([]);
    expect(app.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(app.db.$client.pragma('foreign_key_check')).toEqual([]);
  });
});
