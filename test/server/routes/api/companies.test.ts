import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { companies, companyContacts } from '../../../../db/schema.js';
import { apiUser, buildTestApp, type TestApp } from '../../../helper.js';

const app = await buildTestApp();
const staff = await apiUser(app, 'staff');
const member = await apiUser(app, 'member');
const coordinator = await apiUser(app, 'coordinator');

let nameCounter = 0;
function uniqueName(prefix = 'Company') {
  nameCounter++;
  return `${prefix} ${nameCounter} ${Math.random().toString(36).slice(2, 8)}`;
}

function rowCounts(target: TestApp = app) {
  return {
    companies: target.db.select({ n: count() }).from(companies).get()!.n,
    contacts: target.db.select({ n: count() }).from(companyContacts).get()!.n,
  };
}

async function createCompany(body: Record<string, unknown>, headers = staff.headers) {
  return app.inject({ method: 'POST', url: '/api/companies', headers, payload: body });
}

function expectError(response: { statusCode: number; json(): any }, status: number, field?: string) {
  expect(response.statusCode).toBe(status);
  const body = response.json();
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  if (field) expect(body.message).toContain(field);
  return body;
}

describe('companies API: create, read, update, delete', () => {
  it('staff creates a company with contacts; everyone reads it with its deadlines', async () => {
    const name = uniqueName('Acme');
    const response = await createCompany({
      name: `  ${name}  `,
      country: 'gb',
      sector: 'Energy',
      ticker: 'acm',
      isin: 'GB0002634946',
      website: 'https://acme.example',
      nextAgmDate: '2099-05-01',
      contacts: [
        { name: 'Ira', function: 'ir', email: 'ir@acme.example' },
        { function: 'secretary', email: 'cosec@acme.example' },
      ],
    });
    expect(response.statusCode).toBe(201);
    const company = response.json();
    expect(company).toMatchObject({
      id: expect.any(Number),
      name,
      country: 'GB',
      jurisdiction: 'GB',
      ticker: 'ACM',
      contacts: [
        { name: 'Ira', function: 'ir', email: 'ir@acme.example' },
        { name: null, function: 'secretary', email: 'cosec@acme.example' },
      ],
    });
    expect(Array.isArray(company.deadlines)).toBe(true);
    expect(company.deadlines.some((d: { date: string }) => d.date === '2099-05-01')).toBe(true);

    const read = await app.inject({ url: `/api/companies/${company.id}`, headers: member.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: company.id, name, contacts: [{ email: 'ir@acme.example' }, {}] });
  });

  it('staff edits a company; contacts given replace the old ones, contacts omitted stay', async () => {
    const created = (
      await createCompany({
        name: uniqueName(),
        country: 'DE',
        contacts: [{ function: 'ir', email: 'a@x.example' }],
      })
    ).json();
    const renamed = await app.inject({
      method: 'PATCH',
      url: `/api/companies/${created.id}`,
      headers: staff.headers,
      payload: { sector: 'Banks', jurisdiction: 'us' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      sector: 'Banks',
      jurisdiction: 'US',
      contacts: [{ email: 'a@x.example' }],
    });

    const replaced = await app.inject({
      method: 'PATCH',
      url: `/api/companies/${created.id}`,
      headers: staff.headers,
      payload: { contacts: [{ function: 'legal', email: 'legal@x.example' }] },
    });
    expect(replaced.json().contacts).toEqual([
      expect.objectContaining({ function: 'legal', email: 'legal@x.example' }),
    ]);
    expect(app.repos.companies.findById(created.id)!.contacts).toHaveLength(1);

    const cleared = await app.inject({
      method: 'PATCH',
      url: `/api/companies/${created.id}`,
      headers: staff.headers,
      payload: { sector: null },
    });
    expect(cleared.json().sector).toBeNull();
  });

  it('member can read but not create, edit or delete (403)', async () => {
    const before = rowCounts();
    expectError(await createCompany({ name: uniqueName(), country: 'GB' }, member.headers), 403);
    const id = (await createCompany({ name: uniqueName(), country: 'GB' })).json().id;
    expectError(
      await app.inject({
        method: 'PATCH',
        url: `/api/companies/${id}`,
        headers: member.headers,
        payload: { sector: 'x' },
      }),
      403,
    );
    expectError(
      await app.inject({ method: 'DELETE', url: `/api/companies/${id}`, headers: member.headers }),
      403,
    );
    expect(rowCounts().companies).toBe(before.companies + 1);
    expect((await app.inject({ url: '/api/companies', headers: member.headers })).statusCode).toBe(200);
  });

  it('staff cannot delete (403); coordinator deletes and the contacts go with the company', async () => {
    const created = (
      await createCompany({
        name: uniqueName(),
        country: 'GB',
        contacts: [
          { function: 'ir', email: 'one@del.example' },
          { function: 'board', email: 'two@del.example' },
        ],
      })
    ).json();
    const before = rowCounts();
    expectError(
      await app.inject({ method: 'DELETE', url: `/api/companies/${created.id}`, headers: staff.headers }),
      403,
    );
    expect(app.repos.companies.findById(created.id)).toBeDefined();

    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/companies/${created.id}`,
      headers: coordinator.headers,
    });
    expect(deleted.statusCode).toBe(204);
    expect(app.repos.companies.findById(created.id)).toBeUndefined();
    expect(rowCounts()).toEqual({ companies: before.companies - 1, contacts: before.contacts - 2 });
    expectError(await app.inject({ url: `/api/companies/${created.id}`, headers: member.headers }), 404);
  });

  it('requires authentication', async () => {
    expectError(await app.inject({ url: '/api/companies' }), 401);
    expectError(
      await app.inject({ method: 'POST', url: '/api/companies', payload: { name: 'x', country: 'GB' } }),
      401,
    );
  });
});

describe('companies API: bad input is refused with the field named and nothing written', () => {
  it.each([
    ['an empty name', { name: '', country: 'GB' }, 'name'],
    ['a 201-character name', { name: 'x'.repeat(201), country: 'GB' }, 'name'],
    ['a missing name', { country: 'GB' }, 'name'],
    ['a missing country', { name: 'No Country' }, 'country'],
    ['a three-letter country', { name: 'Bad Country', country: 'GBR' }, 'country'],
    ['a bad ISIN', { name: 'Bad ISIN', country: 'GB', isin: 'XX' }, 'isin'],
    ['a bad date', { name: 'Bad Date', country: 'GB', nextAgmDate: '2024-13-45' }, 'nextAgmDate'],
    ['a website without scheme', { name: 'Bad Web', country: 'GB', website: 'acme.example' }, 'website'],
    [
      'an invalid contact email',
      { name: 'Bad Mail', country: 'GB', contacts: [{ function: 'ir', email: 'nope' }] },
      'email',
    ],
    [
      'an unknown contact function',
      { name: 'Bad Fn', country: 'GB', contacts: [{ function: 'boss', email: 'a@b.example' }] },
      'function',
    ],
    ['an unknown extra property', { name: 'Extra', country: 'GB', founded: 1900 }, 'founded'],
    [
      'an unknown contact property',
      { name: 'Extra 2', country: 'GB', contacts: [{ function: 'ir', email: 'a@b.example', phone: '1' }] },
      'phone',
    ],
  ])('POST with %s answers 400', async (_label, body, field) => {
    const before = rowCounts();
    const error = expectError(await createCompany(body), 400, field);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(rowCounts()).toEqual(before);
  });

  it('a blank name (only spaces) is refused too', async () => {
    const before = rowCounts();
    expectError(await createCompany({ name: '   ', country: 'GB' }), 400, 'name');
    expect(rowCounts()).toEqual(before);
  });

  it('PATCH with bad input changes nothing', async () => {
    const created = (
      await createCompany({
        name: uniqueName(),
        country: 'GB',
        contacts: [{ function: 'ir', email: 'keep@x.example' }],
      })
    ).json();
    const bad = await app.inject({
      method: 'PATCH',
      url: `/api/companies/${created.id}`,
      headers: staff.headers,
      payload: {
        sector: 'Changed',
        contacts: [
          { function: 'ir', email: 'ok@x.example' },
          { function: 'boss', email: 'b@x.example' },
        ],
      },
    });
    expectError(bad, 400, 'function');
    const after = app.repos.companies.findById(created.id)!;
    expect(after.sector).toBeNull();
    expect(after.contacts.map((c) => c.email)).toEqual(['keep@x.example']);
  });

  it('a non-numeric id is 400, an unknown id 404', async () => {
    expectError(await app.inject({ url: '/api/companies/abc', headers: member.headers }), 400, 'id');
    expectError(await app.inject({ url: '/api/companies/0', headers: member.headers }), 400, 'id');
    expectError(await app.inject({ url: '/api/companies/999999', headers: member.headers }), 404, '999999');
    expectError(
      await app.inject({
        method: 'PATCH',
        url: '/api/companies/999999',
        headers: staff.headers,
        payload: { sector: 'x' },
      }),
      404,
    );
    expectError(
      await app.inject({ method: 'DELETE', url: '/api/companies/999999', headers: coordinator.headers }),
      404,
    );
    expectError(
      await app.inject({ method: 'DELETE', url: '/api/companies/abc', headers: coordinator.headers }),
      400,
      'id',
    );
  });

  it('a duplicate name (any case) is 409 and never a second row', async () => {
    const name = uniqueName('Duplicate');
    expect((await createCompany({ name, country: 'GB' })).statusCode).toBe(201);
    const before = rowCounts();
    const error = expectError(
      await createCompany({
        name: ` ${name.toUpperCase()} `,
        country: 'FR',
        contacts: [{ function: 'ir', email: 'd@x.example' }],
      }),
      409,
      'name',
    );
    expect(error.code).toBe('DUPLICATE');
    expect(rowCounts()).toEqual(before);

    const other = (await createCompany({ name: uniqueName(), country: 'GB' })).json();
    expectError(
      await app.inject({
        method: 'PATCH',
        url: `/api/companies/${other.id}`,
        headers: staff.headers,
        payload: { name: name.toLowerCase() },
      }),
      409,
      'name',
    );
    expect(app.repos.companies.findById(other.id)!.name).toBe(other.name);
    const renameSelf = await app.inject({
      method: 'PATCH',
      url: `/api/companies/${other.id}`,
      headers: staff.headers,
      payload: { name: other.name.toUpperCase() },
    });
    expect(renameSelf.statusCode).toBe(200);
  });

  it('a malformed JSON body is 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: { ...staff.headers, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expectError(response, 400);
  });
});

describe('companies API: search and paging', () => {
  it('searches with q and pages with limit/offset, reporting the total', async () => {
    const fresh = await buildTestApp();
    const { headers } = await apiUser(fresh, 'member');
    const actor = { userId: null, label: 'test' };
    for (let i = 1; i <= 12; i++) {
      fresh.services.companies.create(
        {
          name: `Paging Co ${String(i).padStart(2, '0')}`,
          country: 'GB',
          ticker: i === 7 ? 'ZZTOP' : undefined,
        },
        actor,
      );
    }
    fresh.services.companies.create(
      { name: 'Other Industries', country: 'DE', sector: 'Paging_Sector%' },
      actor,
    );

    const all = (await fresh.inject({ url: '/api/companies', headers })).json();
    expect(all.total).toBe(13);
    expect(all.items).toHaveLength(13);

    const page1 = (await fresh.inject({ url: '/api/companies?q=paging co&limit=5', headers })).json();
    expect(page1).toMatchObject({ total: 12, limit: 5, offset: 0 });
    expect(page1.items.map((c: { name: string }) => c.name)).toEqual(
      [1, 2, 3, 4, 5].map((i) => `Paging Co 0${i}`),
    );
    const page3 = (
      await fresh.inject({ url: '/api/companies?q=paging co&limit=5&offset=10', headers })
    ).json();
    expect(page3).toMatchObject({ total: 12, limit: 5, offset: 10 });
    expect(page3.items.map((c: { name: string }) => c.name)).toEqual(['Paging Co 11', 'Paging Co 12']);

    const byTicker = (await fresh.inject({ url: '/api/companies?q=zztop', headers })).json();
    expect(byTicker.items.map((c: { name: string }) => c.name)).toEqual(['Paging Co 07']);
    const literal = (
      await fresh.inject({ url: `/api/companies?q=${encodeURIComponent('_sector%')}`, headers })
    ).json();
    expect(literal.items.map((c: { name: string }) => c.name)).toEqual(['Other Industries']);
    const byCountry = (await fresh.inject({ url: '/api/companies?country=de', headers })).json();
    expect(byCountry.total).toBe(1);
    const none = (await fresh.inject({ url: '/api/companies?q=nothing-matches', headers })).json();
    expect(none).toMatchObject({ total: 0, items: [] });

    expectError(await fresh.inject({ url: '/api/companies?limit=0', headers }), 400, 'limit');
    expectError(await fresh.inject({ url: '/api/companies?limit=abc', headers }), 400, 'limit');
    expectError(await fresh.inject({ url: '/api/companies?offset=-1', headers }), 400, 'offset');
  });
});
