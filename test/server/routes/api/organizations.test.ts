import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { organizations, users } from '../../../../db/schema.js';
import { apiUser, buildTestApp, createUser } from '../../../helper.js';

const app = await buildTestApp();
const member = await apiUser(app, 'member');
const staff = await apiUser(app, 'staff');
const coordinator = await apiUser(app, 'coordinator');

let counter = 0;
const uniqueName = (prefix = 'Org') => `${prefix} ${++counter}`;

const organizationCount = () => app.db.select({ n: count() }).from(organizations).get()!.n;

async function createOrganization(body: Record<string, unknown>, headers = coordinator.headers) {
  return app.inject({ method: 'POST', url: '/api/organizations', headers, payload: body });
}

function expectError(response: { statusCode: number; json(): any }, status: number, field?: string) {
  expect(response.statusCode).toBe(status);
  const body = response.json();
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  if (field) expect(body.message).toContain(field);
  return body;
}

describe('organizations API', () => {
  it('coordinator creates, reads, edits and deletes an organization', async () => {
    const created = await createOrganization({
      name: '  Shareholder Alliance ',
      kind: 'asset_owner',
      country: 'nl',
      aumUsd: 5e9,
    });
    expect(created.statusCode).toBe(201);
    const organization = created.json();
    expect(organization).toMatchObject({
      id: expect.any(Number),
      name: 'Shareholder Alliance',
      kind: 'asset_owner',
      country: 'NL',
      aumUsd: 5e9,
      createdAt: expect.any(String),
    });

    const read = await app.inject({ url: `/api/organizations/${organization.id}`, headers: member.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(organization);

    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/organizations/${organization.id}`,
      headers: coordinator.headers,
      payload: { kind: 'asset_manager', aumUsd: null },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      name: 'Shareholder Alliance',
      kind: 'asset_manager',
      aumUsd: null,
    });
    expect(app.repos.organizations.findById(organization.id)!.aumUsd).toBeNull();
    const zero = await app.inject({
      method: 'PATCH',
      url: `/api/organizations/${organization.id}`,
      headers: coordinator.headers,
      payload: { aumUsd: 0 },
    });
    expect(zero.json().aumUsd).toBe(0);

    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/organizations/${organization.id}`,
      headers: coordinator.headers,
    });
    expect(deleted.statusCode).toBe(204);
    expect(app.repos.organizations.findById(organization.id)).toBeUndefined();
    expectError(
      await app.inject({ url: `/api/organizations/${organization.id}`, headers: member.headers }),
      404,
    );
  });

  it('lists with search and paging, with the total', async () => {
    for (let i = 0; i < 7; i++)
      await createOrganization({ name: `Listed Union ${i}`, kind: 'union', country: 'GB' });
    const page = (
      await app.inject({ url: '/api/organizations?q=listed union&limit=3&offset=3', headers: member.headers })
    ).json();
    expect(page).toMatchObject({ total: 7, limit: 3, offset: 3 });
    expect(page.items.map((o: { name: string }) => o.name)).toEqual([
      'Listed Union 3',
      'Listed Union 4',
      'Listed Union 5',
    ]);
  });

  it('member and staff can read but not create, edit or delete (403)', async () => {
    const organization = (
      await createOrganization({ name: uniqueName(), kind: 'ngo', country: 'GB' })
    ).json();
    const before = organizationCount();
    for (const who of [member, staff]) {
      expectError(
        await createOrganization({ name: uniqueName(), kind: 'ngo', country: 'GB' }, who.headers),
        403,
      );
      expectError(
        await app.inject({
          method: 'PATCH',
          url: `/api/organizations/${organization.id}`,
          headers: who.headers,
          payload: { name: 'Hijacked' },
        }),
        403,
      );
      expectError(
        await app.inject({
          method: 'DELETE',
          url: `/api/organizations/${organization.id}`,
          headers: who.headers,
        }),
        403,
      );
      expect((await app.inject({ url: '/api/organizations', headers: who.headers })).statusCode).toBe(200);
    }
    expect(organizationCount()).toBe(before);
    expect(app.repos.organizations.findById(organization.id)!.name).toBe(organization.name);
  });

  it.each([
    ['an empty name', { name: '', kind: 'ngo', country: 'GB' }, 'name'],
    ['a blank name', { name: '   ', kind: 'ngo', country: 'GB' }, 'name'],
    ['a 201-character name', { name: 'n'.repeat(201), kind: 'ngo', country: 'GB' }, 'name'],
    ['an unknown kind', { name: 'Club', kind: 'club', country: 'GB' }, 'kind'],
    ['a bad country', { name: 'Country', kind: 'ngo', country: 'Britain' }, 'country'],
    ['a negative AUM', { name: 'Negative', kind: 'ngo', country: 'GB', aumUsd: -1 }, 'aumUsd'],
    ['a text AUM', { name: 'Text AUM', kind: 'ngo', country: 'GB', aumUsd: 'lots' }, 'aumUsd'],
    [
      'an unknown extra property',
      { name: 'Extra', kind: 'ngo', country: 'GB', website: 'https://x' },
      'website',
    ],
  ])('POST with %s answers 400 and writes nothing', async (_label, body, field) => {
    const before = organizationCount();
    const error = expectError(await createOrganization(body), 400, field);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(organizationCount()).toBe(before);
  });

  it('a non-numeric id is 400, an unknown id 404', async () => {
    expectError(await app.inject({ url: '/api/organizations/abc', headers: member.headers }), 400, 'id');
    expectError(
      await app.inject({ url: '/api/organizations/424242', headers: member.headers }),
      404,
      '424242',
    );
    expectError(
      await app.inject({
        method: 'PATCH',
        url: '/api/organizations/424242',
        headers: coordinator.headers,
        payload: { name: 'x' },
      }),
      404,
    );
    expectError(
      await app.inject({ method: 'DELETE', url: '/api/organizations/424242', headers: coordinator.headers }),
      404,
    );
  });

  it('a duplicate name (any case) is 409 on create and on rename, and never a second row', async () => {
    const name = uniqueName('Faith Coalition');
    expect((await createOrganization({ name, kind: 'faith_group', country: 'US' })).statusCode).toBe(201);
    const before = organizationCount();
    expectError(
      await createOrganization({ name: name.toUpperCase(), kind: 'ngo', country: 'GB' }),
      409,
      'name',
    );
    expect(organizationCount()).toBe(before);

    const other = (await createOrganization({ name: uniqueName(), kind: 'ngo', country: 'GB' })).json();
    expectError(
      await app.inject({
        method: 'PATCH',
        url: `/api/organizations/${other.id}`,
        headers: coordinator.headers,
        payload: { name: ` ${name.toLowerCase()} ` },
      }),
      409,
      'name',
    );
    expect(app.repos.organizations.findById(other.id)!.name).toBe(other.name);
  });

  it('deleting an organization keeps its people as users without an organization', async () => {
    const organization = (
      await createOrganization({ name: uniqueName(), kind: 'ngo', country: 'GB' })
    ).json();
    const person = await createUser(app, 'member');
    app.services.users.setOrganization(person.id, organization.id, { userId: null, label: 'test' });
    const usersBefore = app.db.select({ n: count() }).from(users).get()!.n;
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/organizations/${organization.id}`,
      headers: coordinator.headers,
    });
    expect(deleted.statusCode).toBe(204);
    expect(app.db.select({ n: count() }).from(users).get()!.n).toBe(usersBefore);
    expect(app.repos.users.findById(person.id)).toMatchObject({ organizationId: null, active: true });
  });
});
