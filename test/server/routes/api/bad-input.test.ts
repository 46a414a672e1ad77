import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

const clock = fixedClock('2026-05-04T09:00:00Z');
let app: TestApp;
let coordinator: Record<string, string>;

const call = (method: string, url: string, payload?: object, headers = coordinator) =>
  app.inject({ method: method as 'POST', url, headers, ...(payload && { payload }) });

beforeAll(async () => {
  app = await buildTestApp({ clock });
  coordinator = (await apiUser(app, 'coordinator')).headers;
});

describe('deleting something with history', () => {
  it('answers 409 naming what refers to a company, from the API and the page; archiving keeps the history', async () => {
    const company = (await call('POST', '/api/companies', { name: 'History Plc', country: 'GB' })).json();
    const campaign = await call('POST', '/api/campaigns', { name: 'Has history', companyIds: [company.id] });
    expect(campaign.statusCode).toBe(201);

    const refused = await call('DELETE', `/api/companies/${company.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe(
      'History Plc cannot be deleted: it is referred to by 1 campaign. Archive it instead: it leaves lists and pickers and its history stays.',
    );
    expect(app.repos.companies.findById(company.id)).toBeDefined();

    const session = await browserSession(app, (await createUser(app, 'coordinator')).email);
    const fromPage = await session.post(
      `/companies/${company.id}/delete`,
      {},
      `/companies/${company.id}/delete`,
    );
    expect(fromPage.statusCode).toBe(302);
    expect(fromPage.headers.location).toBe(`/companies/${company.id}`);
    expect((await session.get(`/companies/${company.id}`)).body).toContain(
      'cannot be deleted: it is referred to by 1 campaign',
    );

    const archived = await call('POST', `/api/companies/${company.id}/archive`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).toBe('2026-05-04T09:00:00.000Z');
    const listed = (await call('GET', '/api/companies?limit=500'))
      .json()
      .items.map((c: { id: number }) => c.id);
    expect(listed).not.toContain(company.id);
    const archivedList = (await call('GET', '/api/companies?archived=true'))
      .json()
      .items.map((c: { id: number }) => c.id);
    expect(archivedList).toEqual([company.id]);
    expect((await call('GET', `/api/campaigns/${campaign.json().id}`)).statusCode).toBe(200);
    const staffSession = await browserSession(app, (await createUser(app, 'staff')).email);
    expect((await staffSession.get('/companies')).body).not.toContain('History Plc');
    expect((await staffSession.get(`/companies/${company.id}`)).body).toContain('id="archived-badge"');
    expect((await staffSession.get(`/campaigns/${campaign.json().id}/letters/new`)).body).not.toMatch(
      new RegExp(`value="${company.id}"[^>]*>\\s*History Plc`),
    );

    expect((await call('POST', `/api/companies/${company.id}/unarchive`)).json().archivedAt).toBeNull();
    expect(
      (await call('GET', '/api/companies?limit=500')).json().items.map((c: { id: number }) => c.id),
    ).toContain(company.id);
  });

  it('answers 409 naming what refers to an organization; archived, it leaves the list', async () => {
    const organization = (
      await call('POST', '/api/organizations', { name: 'Signed Union', kind: 'union', country: 'GB' })
    ).json();
    await call('POST', '/api/campaigns', { name: 'With members', organizationIds: [organization.id] });
    const refused = await call('DELETE', `/api/organizations/${organization.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(
      /^Signed Union cannot be deleted: it is referred to by 1 campaign\./,
    );
    expect((await call('POST', `/api/organizations/${organization.id}/archive`)).statusCode).toBe(200);
    const names = (await call('GET', '/api/organizations')).json().items.map((o: { name: string }) => o.name);
    expect(names).not.toContain('Signed Union');
    const unused = (
      await call('POST', '/api/organizations', { name: 'Unused Org', kind: 'ngo', country: 'GB' })
    ).json();
    expect((await call('DELETE', `/api/organizations/${unused.id}`)).statusCode).toBe(204);
  });
});

describe('names are unique under Unicode case folding', () => {
  it('refuses "ÄRZTE OHNE GRENZEN" after "Ärzte ohne Grenzen" with 409, for organizations and companies', async () => {
    const first = await call('POST', '/api/organizations', {
      name: 'Ärzte ohne Grenzen',
      kind: 'ngo',
      country: 'DE',
    });
    expect(first.statusCode).toBe(201);
    for (const name of ['ÄRZTE OHNE GRENZEN', 'ärzte ohne grenzen', 'A\u0308rzte ohne Grenzen']) {
      const again = await call('POST', '/api/organizations', { name, kind: 'ngo', country: 'DE' });
      expect(again.statusCode, name).toBe(409);
      expect(again.json().message, name).toMatch(/^name: /);
    }
    expect((await call('POST', '/api/companies', { name: 'Straße AG', country: 'DE' })).statusCode).toBe(201);
    const company = await call('POST', '/api/companies', { name: 'STRASSE AG', country: 'DE' });
    expect(company.statusCode).toBe(409);
    expect(company.json().message).toMatch(/^name: /);
  });
});

describe('paging and JSON types', () => {
  it('bounds offset with a 400 naming it', async () => {
    const response = await call('GET', '/api/companies?offset=99999999999999999999');
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('offset');
    expect((await call('GET', '/api/companies?limit=5&offset=0')).statusCode).toBe(200);
  });

  it('does not coerce JSON bodies: a boolean is not a name, a number is not a list', async () => {
    const organizations = app.repos.organizations.listAll().length;
    const name = await call('POST', '/api/organizations', { name: false, kind: 'ngo', country: 'GB' });
    expect(name.statusCode).toBe(400);
    expect(name.json().message).toContain('name');
    expect(app.repos.organizations.listAll().length).toBe(organizations);
    const ids = await call('POST', '/api/campaigns', { name: 'Typed', organizationIds: 14 });
    expect(ids.statusCode).toBe(400);
    expect(ids.json().message).toContain('organizationIds');
    expect((await call('GET', '/api/campaigns')).body).not.toContain('"Typed"');
  });
});
