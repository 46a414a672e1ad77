import { beforeAll, describe, expect, it } from 'vitest';
import { apiUser, browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

const actor = { userId: null, label: 'test' };
let app: TestApp;
let staff: Record<string, string>;
let member: Record<string, string>;
let memberEmail: string;

const search = async (q: string, headers = staff) =>
  (await app.inject({ url: `/api/search?q=${encodeURIComponent(q)}`, headers })).json() as {
    type: string;
    id: number;
    title: string;
    snippet: string;
  }[];

beforeAll(async () => {
  app = await buildTestApp();
  staff = (await apiUser(app, 'staff')).headers;
  const ngo = app.services.organizations.create(
    { name: 'Example Rights Watch', kind: 'ngo', country: 'GB' },
    actor,
  );
  for (const name of ['Microsoft', 'Microsoft Bank 50% <Ltd>', 'Shanghai Wicresoft']) {
    app.services.companies.create({ name, country: 'US', sector: 'Technology' }, actor);
  }
  const mine = app.services.campaigns.create(
    { name: 'Responsible exit from Russia', organizationIds: [ngo.id] },
    actor,
  );
  const other = app.services.campaigns.create({ name: 'Secret investor campaign' }, actor);
  app.services.letters.create(
    mine.id,
    {
      title: 'Your business in Russia',
      body: 'Dear {{company.name}}',
      questions: ['What is the exposure of Microsoft in Russia?'],
      companyIds: [],
    },
    actor,
  );
  app.services.letters.create(
    other.id,
    { title: 'Confidential Microsoft letter', body: 'x', questions: [], companyIds: [] },
    actor,
  );
  const memberUser = await apiUser(app, 'member');
  app.repos.users.update(memberUser.user.id, { organizationId: ngo.id });
  member = memberUser.headers;
  memberEmail = memberUser.user.email;
});

describe('search', () => {
  it('ranks an exact title first, then titles starting with the term, then mentions in the text', async () => {
    const results = await search('microsoft');
    expect(results.slice(0, 2).map((r) => r.title)).toEqual(['Microsoft', 'Microsoft Bank 50% <Ltd>']);
    const types = results.map((r) => r.type);
    expect(types).toContain('letter');
    const question = results.find((r) => r.title === 'Your business in Russia')!;
    expect(question.snippet).toContain('What is the exposure of Microsoft in Russia?');
    expect(results.find((r) => r.title === 'Shanghai Wicresoft')).toBeUndefined();
  });

  it('takes % and _ literally', async () => {
    expect((await search('50%')).map((r) => r.title)).toEqual(['Microsoft Bank 50% <Ltd>']);
    expect(await search('_')).toEqual([]);
  });

  it('shows members only the letters of their campaigns', async () => {
    const staffTitles = (await search('microsoft')).map((r) => r.title);
    expect(staffTitles).toContain('Confidential Microsoft letter');
    const memberTitles = (await search('microsoft', member)).map((r) => r.title);
    expect(memberTitles).not.toContain('Confidential Microsoft letter');
    expect(memberTitles).toContain('Your business in Russia');
    expect((await search('secret investor', member)).length).toBe(0);
  });

  it('answers 400 without a query, and nothing for one character', async () => {
    expect((await app.inject({ url: '/api/search', headers: staff })).statusCode).toBe(400);
    expect(await search('m')).toEqual([]);
  });

  it('the page marks the match and escapes names', async () => {
    const session = await browserSession(app, memberEmail);
    const page = await session.get('/search?q=bank');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Microsoft Bank 50% &lt;Ltd&gt;');
    expect(page.body).toMatch(/<mark>Bank<\/mark>/);
    expect(page.body).not.toContain('<Ltd>');
    const admin = await browserSession(app, (await createUser(app, 'admin')).email);
    expect((await admin.get('/search?q=x')).body).toContain('Type at least two characters.');
  });

  it('cuts a snippet around the match', async () => {
    const campaign = app.services.campaigns.create({ name: 'Snippets' }, actor);
    const body = `${'a '.repeat(100)}needle${' b'.repeat(100)}`;
    app.services.letters.create(
      campaign.id,
      { title: 'Long letter', body, questions: [], companyIds: [] },
      actor,
    );
    const [result] = await search('needle');
    const snippet = result!.snippet;
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('needle');
    expect(snippet.length).toBeLessThan(160);
  });

  it('finds words without their accents, and the start of a word', async () => {
    app.services.companies.create({ name: 'Nestlé S.A.', country: 'CH', sector: 'Food' }, actor);
    expect((await search('nestle')).map((r) => r.title)).toContain('Nestlé S.A.');
    expect((await search('NESTL')).map((r) => r.title)).toContain('Nestlé S.A.');
    expect((await search('Société Générale')).map((r) => r.title)).not.toContain('Nestlé S.A.');
  });

  it('follows edits: a renamed company and a changed question are found by their new words', async () => {
    const company = app.services.companies.create({ name: 'Oldname Holdings', country: 'DE' }, actor);
    app.services.companies.update(company.id, { name: 'Freshname Holdings' }, actor);
    expect((await search('oldname')).map((r) => r.title)).not.toContain('Freshname Holdings');
    expect((await search('freshname')).map((r) => r.title)).toContain('Freshname Holdings');

    const campaign = app.services.campaigns.create({ name: 'Edits' }, actor);
    const letter = app.services.letters.create(
      campaign.id,
      { title: 'Edited letter', body: 'Body.', questions: ['Do you report on zinc?'], companyIds: [] },
      actor,
    );
    expect((await search('zinc')).map((r) => r.title)).toContain('Edited letter');
    app.services.letters.update(letter.id, { questions: ['Do you report on cobalt?'] }, actor);
    expect((await search('zinc')).map((r) => r.title)).not.toContain('Edited letter');
    expect((await search('cobalt')).map((r) => r.title)).toContain('Edited letter');
  });
});
