import { describe, expect, it } from 'vitest';
import { browserSession, buildTestApp, createUser } from '../../../helper.js';

const actor = { userId: null, label: 'test' };

describe('organization pages', () => {
  it('lists with search and paging', async () => {
    const app = await buildTestApp();
    for (let i = 1; i <= 53; i++) {
      app.services.organizations.create(
        { name: `Union ${String(i).padStart(2, '0')}`, kind: 'union', country: 'GB' },
        actor,
      );
    }
    app.services.organizations.create(
      { name: 'Pension Fund <PF>', kind: 'asset_owner', country: 'NL', aumUsd: 1.5e9 },
      actor,
    );
    const user = await createUser(app, 'member');
    const session = await browserSession(app, user.email);

    const page1 = await session.get('/organizations');
    expect(page1.statusCode).toBe(200);
    expect(page1.body.match(/<a href="\/organizations\/\d+">/g)).toHaveLength(50);
    expect(page1.body).toContain('1–50 of 54');
    expect(page1.body).toMatch(/>Next/);
    const page2 = await session.get('/organizations?offset=50');
    expect(page2.body.match(/<a href="\/organizations\/\d+">/g)).toHaveLength(4);

    const search = await session.get('/organizations?q=pension');
    expect(search.body).toContain('Pension Fund &lt;PF&gt;');
    expect(search.body).not.toContain('Union 01');
    expect(search.body).not.toContain('/organizations/new');
  });

  it('creates from the form; errors re-render with 422, values kept, nothing saved', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'coordinator');
    const session = await browserSession(app, user.email);
    expect((await session.get('/organizations/new')).statusCode).toBe(200);

    const bad = await session.post(
      '/organizations',
      { name: '', kind: 'club', country: 'Britain', aumUsd: 'lots' },
      '/organizations/new',
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="name-error">Enter a name</);
    expect(bad.body).toMatch(/id="kind-error">Choose a kind from the list</);
    expect(bad.body).toMatch(/id="country-error">Enter the two-letter country code, like GB</);
    expect(bad.body).toMatch(
      /id="aumUsd-error">Enter the amount in US dollars, in digits, or leave it empty</,
    );
    expect(bad.body).toContain('value="Britain"');
    expect(bad.body).toContain('value="lots"');
    expect(app.repos.organizations.listAll()).toHaveLength(0);

    const good = await session.post(
      '/organizations',
      { name: 'Faith Investors', kind: 'faith_group', country: 'us', aumUsd: '2,500,000' },
      '/organizations/new',
    );
    expect(good.statusCode).toBe(302);
    const organization = app.repos.organizations.findByName('Faith Investors')!;
    expect(organization).toMatchObject({ kind: 'faith_group', country: 'US', aumUsd: 2_500_000 });
    expect(good.headers.location).toBe(`/organizations/${organization.id}`);

    const duplicate = await session.post(
      '/organizations',
      { name: 'FAITH INVESTORS', kind: 'ngo', country: 'GB' },
      '/organizations/new',
    );
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.body).toMatch(
      /id="name-error">An organization named &quot;Faith Investors&quot; already exists/,
    );
    expect(app.repos.organizations.listAll()).toHaveLength(1);
  });

  it('edits, clears the AUM, and deletes after confirmation', async () => {
    const app = await buildTestApp();
    const organization = app.services.organizations.create(
      { name: 'Old Name', kind: 'asset_manager', country: 'GB', aumUsd: 10 },
      actor,
    );
    const user = await createUser(app, 'coordinator');
    const session = await browserSession(app, user.email);
    const form = await session.get(`/organizations/${organization.id}/edit`);
    expect(form.body).toContain('value="Old Name"');

    const saved = await session.post(
      `/organizations/${organization.id}`,
      { name: 'New Name', kind: 'asset_manager', country: 'GB', aumUsd: '' },
      `/organizations/${organization.id}/edit`,
    );
    expect(saved.statusCode).toBe(302);
    expect(app.repos.organizations.findById(organization.id)).toMatchObject({
      name: 'New Name',
      aumUsd: null,
    });

    const confirm = await session.get(`/organizations/${organization.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete New Name?');
    const deleted = await session.post(
      `/organizations/${organization.id}/delete`,
      {},
      `/organizations/${organization.id}/delete`,
    );
    expect(deleted.statusCode).toBe(302);
    expect(app.repos.organizations.findById(organization.id)).toBeUndefined();
  });

  it('staff cannot create or delete organizations (403) and a form without _csrf is refused', async () => {
    const app = await buildTestApp();
    const organization = app.services.organizations.create(
      { name: 'Kept', kind: 'ngo', country: 'GB' },
      actor,
    );
    const staff = await createUser(app, 'staff');
    const session = await browserSession(app, staff.email);
    expect((await session.get('/organizations/new')).statusCode).toBe(403);
    const post = await session.post(`/organizations/${organization.id}/delete`, {}, '/organizations');
    expect(post.statusCode).toBe(403);

    const coordinator = await createUser(app, 'coordinator');
    const coordinatorSession = await browserSession(app, coordinator.email);
    const forged = await app.inject({
      method: 'POST',
      url: `/organizations/${organization.id}/delete`,
      cookies: coordinatorSession.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(forged.statusCode).toBe(403);
    expect(app.repos.organizations.findById(organization.id)).toBeDefined();
  });
});
