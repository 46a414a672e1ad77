import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { companies, companyContacts } from '../../../../db/schema.js';
import { browserSession, buildTestApp, createUser, csrfFrom } from '../../../helper.js';

const actor = { userId: null, label: 'test' };

/** The href of a link as a browser reads it (Handlebars escapes `=` and `&` in attributes). */
function linkHref(html: string, text: string): string | undefined {
  const match = new RegExp(`href="([^"]*)"[^>]*>${text}`).exec(html);
  return match?.[1]?.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
}

function rowCounts(app: Awaited<ReturnType<typeof buildTestApp>>) {
  return {
    companies: app.db.select({ n: count() }).from(companies).get()!.n,
    contacts: app.db.select({ n: count() }).from(companyContacts).get()!.n,
  };
}

describe('company pages: list, search and paging', () => {
  it('shows 50 per page with a Next link, and the rest on page 2', async () => {
    const app = await buildTestApp();
    for (let i = 1; i <= 60; i++) {
      app.services.companies.create(
        { name: `Listco ${String(i).padStart(3, '0')}`, country: 'GB', sector: 'Mining' },
        actor,
      );
    }
    const user = await createUser(app, 'member');
    const session = await browserSession(app, user.email);

    const page1 = await session.get('/companies');
    expect(page1.statusCode).toBe(200);
    expect(page1.body.match(/<a href="\/companies\/\d+">Listco/g)).toHaveLength(50);
    expect(page1.body).toContain('Listco 001');
    expect(page1.body).toContain('Listco 050');
    expect(page1.body).not.toContain('Listco 051');
    expect(page1.body).toContain('1–50 of 60');
    const next = linkHref(page1.body, 'Next');
    expect(next).toBe('?offset=50');
    expect(page1.body).not.toContain('Previous');

    const page2 = await session.get(`/companies${next}`);
    expect(page2.statusCode).toBe(200);
    expect(page2.body.match(/<a href="\/companies\/\d+">Listco/g)).toHaveLength(10);
    expect(page2.body).toContain('Listco 051');
    expect(page2.body).toContain('Listco 060');
    expect(page2.body).toContain('51–60 of 60');
    expect(page2.body).toContain('Previous');
    expect(page2.body).not.toMatch(/>Next/);
  });

  it('searches by name, keeps the query in the pager, and says when nothing matches', async () => {
    const app = await buildTestApp();
    for (let i = 1; i <= 55; i++) app.services.companies.create({ name: `Alpha ${i}`, country: 'DE' }, actor);
    app.services.companies.create({ name: 'Beta Holdings', country: 'FR', ticker: 'BETA' }, actor);
    const user = await createUser(app, 'member');
    const session = await browserSession(app, user.email);

    const found = await session.get('/companies?q=beta');
    expect(found.body).toContain('Beta Holdings');
    expect(found.body).not.toContain('Alpha 1<');

    const alpha = await session.get('/companies?q=alpha');
    expect(alpha.body).toContain('1–50 of 55');
    expect(linkHref(alpha.body, 'Next')).toBe('?q=alpha&offset=50');
    const alpha2 = await session.get(`/companies${linkHref(alpha.body, 'Next')}`);
    expect(alpha2.body).toContain('51–55 of 55');

    const none = await session.get(`/companies?q=${encodeURIComponent('<b>zzz</b>')}`);
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No company matches “&lt;b&gt;zzz&lt;/b&gt;”');
  });
});

describe('company pages: detail', () => {
  it('shows the company and its contacts, escaped', async () => {
    const app = await buildTestApp();
    const company = app.services.companies.create(
      {
        name: 'Evil <img src=x onerror=alert(1)> Corp',
        country: 'US',
        sector: 'Tech',
        contacts: [{ name: '<script>alert("x")</script>', function: 'ir', email: 'ir@evil.example' }],
      },
      actor,
    );
    const user = await createUser(app, 'member');
    const session = await browserSession(app, user.email);
    const page = await session.get(`/companies/${company.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('Evil &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; Corp');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('mailto:ir@evil.example');
    expect(page.body).not.toContain(`/companies/${company.id}/edit`);

    expect((await session.get('/companies/999999')).statusCode).toBe(404);
    expect((await session.get('/companies/abc')).statusCode).toBe(400);
  });
});

describe('company pages: create, edit, delete', () => {
  it('creates a company with a contact from the form', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'staff');
    const session = await browserSession(app, user.email);
    const form = await session.get('/companies/new');
    expect(form.statusCode).toBe(200);
    const response = await session.post(
      '/companies',
      {
        name: 'Formco',
        country: 'gb',
        sector: 'Retail',
        ticker: '',
        isin: '',
        website: '',
        jurisdiction: '',
        lastAgmDate: '',
        nextAgmDate: '2099-06-30',
        lastProxyDate: '',
        contactName: ['Fiona', ''],
        contactFunction: ['secretary', 'ir'],
        contactEmail: ['fiona@formco.example', ''],
      },
      '/companies/new',
    );
    expect(response.statusCode).toBe(302);
    const company = app.repos.companies.findByName('Formco')!;
    expect(response.headers.location).toBe(`/companies/${company.id}`);
    expect(company).toMatchObject({
      country: 'GB',
      jurisdiction: 'GB',
      sector: 'Retail',
      ticker: null,
      nextAgmDate: '2099-06-30',
    });
    expect(app.repos.companies.findById(company.id)!.contacts).toEqual([
      expect.objectContaining({ name: 'Fiona', function: 'secretary', email: 'fiona@formco.example' }),
    ]);
    const shown = await session.get(`/companies/${company.id}`);
    expect(shown.body).toContain('Formco added.');
  });

  it('re-renders the form with 422, the values kept and messages next to the fields; nothing saved', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'staff');
    const session = await browserSession(app, user.email);
    const before = rowCounts(app);
    const response = await session.post(
      '/companies',
      {
        name: '',
        country: 'Germany',
        sector: 'Kept "sector"',
        isin: 'nope',
        website: 'example.org',
        contactName: ['Carl'],
        contactFunction: ['legal'],
        contactEmail: ['carl-at-example'],
      },
      '/companies/new',
    );
    expect(response.statusCode).toBe(422);
    const html = response.body;
    expect(html).toContain('Please correct the fields marked below.');
    expect(html).toMatch(/id="name-error">Enter a name</);
    expect(html).toMatch(/id="country-error">Enter the two-letter country code, like GB</);
    expect(html).toMatch(
      /id="isin-error">Enter the 12-character ISIN, like US5949181045, or leave it empty</,
    );
    expect(html).toMatch(
      /id="website-error">Enter a web address starting with https:\/\/, or leave it empty</,
    );
    expect(html).toMatch(/id="contact0email-error">Enter an email address, like name@example.org</);
    expect(html).toContain('value="Germany"');
    expect(html).toContain('value="Kept &quot;sector&quot;"');
    expect(html).toContain('value="carl-at-example"');
    expect(html).toContain('value="Carl"');
    expect(html).toMatch(/<option value="legal" selected>/);
    expect(rowCounts(app)).toEqual(before);
  });

  it('a blank name and a duplicate name re-render with a message next to the name', async () => {
    const app = await buildTestApp();
    app.services.companies.create({ name: 'Taken Ltd', country: 'GB' }, actor);
    const user = await createUser(app, 'staff');
    const session = await browserSession(app, user.email);
    const before = rowCounts(app);
    const blank = await session.post('/companies', { name: '   ', country: 'GB' }, '/companies/new');
    expect(blank.statusCode).toBe(422);
    expect(blank.body).toMatch(/id="name-error">Enter a name</);
    const duplicate = await session.post(
      '/companies',
      { name: 'taken ltd', country: 'GB' },
      '/companies/new',
    );
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.body).toMatch(/id="name-error">A company named &quot;Taken Ltd&quot; already exists</);
    expect(duplicate.body).toContain('value="taken ltd"');
    expect(rowCounts(app)).toEqual(before);
  });

  it('edits a company: the form is pre-filled, changes are saved, a cleared contact row is removed', async () => {
    const app = await buildTestApp();
    const company = app.services.companies.create(
      {
        name: 'Editco',
        country: 'NL',
        sector: 'Chemicals',
        contacts: [
          { name: 'Keep', function: 'ir', email: 'keep@editco.example' },
          { name: 'Drop', function: 'board', email: 'drop@editco.example' },
        ],
      },
      actor,
    );
    const user = await createUser(app, 'staff');
    const session = await browserSession(app, user.email);
    const form = await session.get(`/companies/${company.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Editco"');
    expect(form.body).toContain('value="Chemicals"');
    expect(form.body).toContain('value="drop@editco.example"');

    const saved = await session.post(
      `/companies/${company.id}`,
      {
        name: 'Editco N.V.',
        country: 'NL',
        sector: '',
        jurisdiction: 'NL',
        contactName: ['Keep', '', ''],
        contactFunction: ['sustainability', 'board', 'ir'],
        contactEmail: ['keep@editco.example', '', ''],
      },
      `/companies/${company.id}/edit`,
    );
    expect(saved.statusCode).toBe(302);
    expect(saved.headers.location).toBe(`/companies/${company.id}`);
    const after = app.repos.companies.findById(company.id)!;
    expect(after).toMatchObject({ name: 'Editco N.V.', sector: null });
    expect(after.contacts).toEqual([expect.objectContaining({ name: 'Keep', function: 'sustainability' })]);

    const bad = await session.post(
      `/companies/${company.id}`,
      { name: 'Editco N.V.', country: 'X1' },
      `/companies/${company.id}/edit`,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="country-error">/);
    expect(app.repos.companies.findById(company.id)!.country).toBe('NL');
  });

  it('staff cannot reach delete; a coordinator confirms, then deletes the company with its contacts', async () => {
    const app = await buildTestApp();
    const company = app.services.companies.create(
      { name: 'Doomed & Co', country: 'GB', contacts: [{ function: 'ir', email: 'ir@doomed.example' }] },
      actor,
    );
    const staff = await createUser(app, 'staff');
    const staffSession = await browserSession(app, staff.email);
    expect((await staffSession.get(`/companies/${company.id}/delete`)).statusCode).toBe(403);

    const coordinator = await createUser(app, 'coordinator');
    const session = await browserSession(app, coordinator.email);
    const confirm = await session.get(`/companies/${company.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete Doomed &amp; Co?');
    expect(confirm.body).toContain('1 contact(s)');
    expect(confirm.body).toContain(`action="/companies/${company.id}/delete"`);
    expect(app.repos.companies.findById(company.id)).toBeDefined();

    const deleted = await session.post(
      `/companies/${company.id}/delete`,
      {},
      `/companies/${company.id}/delete`,
    );
    expect(deleted.statusCode).toBe(302);
    expect(deleted.headers.location).toBe('/companies');
    expect(app.repos.companies.findById(company.id)).toBeUndefined();
    expect(rowCounts(app)).toEqual({ companies: 0, contacts: 0 });
    expect((await session.get('/companies')).body).toContain('Doomed &amp; Co deleted.');
  });

  it('refuses a form POST without or with a wrong _csrf token (403) and changes nothing', async () => {
    const app = await buildTestApp();
    const company = app.services.companies.create({ name: 'Guarded', country: 'GB' }, actor);
    const user = await createUser(app, 'coordinator');
    const session = await browserSession(app, user.email);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const before = rowCounts(app);

    const create = await app.inject({
      method: 'POST',
      url: '/companies',
      cookies: session.cookies,
      headers: form,
      payload: 'name=Forged&country=GB',
    });
    expect(create.statusCode).toBe(403);
    expect(create.body).toContain('This form has expired or came from another site');

    const edit = await app.inject({
      method: 'POST',
      url: `/companies/${company.id}`,
      cookies: session.cookies,
      headers: form,
      payload: '_csrf=forged-token&name=Renamed&country=GB',
    });
    expect(edit.statusCode).toBe(403);

    const remove = await app.inject({
      method: 'POST',
      url: `/companies/${company.id}/delete`,
      cookies: session.cookies,
      headers: form,
      payload: '',
    });
    expect(remove.statusCode).toBe(403);

    const otherSession = await browserSession(app, (await createUser(app, 'coordinator')).email);
    const foreignToken = csrfFrom((await otherSession.get('/companies/new')).body);
    const crossSession = await app.inject({
      method: 'POST',
      url: `/companies/${company.id}/delete`,
      cookies: session.cookies,
      headers: form,
      payload: `_csrf=${encodeURIComponent(foreignToken)}`,
    });
    expect(crossSession.statusCode).toBe(403);

    expect(rowCounts(app)).toEqual(before);
    expect(app.repos.companies.findById(company.id)!.name).toBe('Guarded');
  });

  it('members see no edit links and are refused the forms (403)', async () => {
    const app = await buildTestApp();
    const company = app.services.companies.create({ name: 'Readonly', country: 'GB' }, actor);
    const user = await createUser(app, 'member');
    const session = await browserSession(app, user.email);
    expect((await session.get('/companies')).body).not.toContain('/companies/new');
    expect((await session.get('/companies/new')).statusCode).toBe(403);
    expect((await session.get(`/companies/${company.id}/edit`)).statusCode).toBe(403);
    const post = await session.post('/companies', { name: 'Sneaky', country: 'GB' }, '/companies');
    expect(post.statusCode).toBe(403);
    expect(app.repos.companies.findByName('Sneaky')).toBeUndefined();
  });
});
