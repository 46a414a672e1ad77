import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, browserSession, buildTestApp, createUser } from '../../../helper.js';

const clock = fixedClock('2026-03-03T09:00:00Z');
const app = await buildTestApp({ clock });
const actor = { userId: null, label: 'setup' };
const company = app.services.companies.create(
  {
    name: 'ООО «Ромашка» & "Partners"',
    country: 'RU',
    contacts: [{ function: 'ir', email: 'ir@romashka.example' }],
  },
  actor,
);
const rights = app.services.organizations.create(
  { name: 'Example Rights Watch', kind: 'ngo', country: 'GB' },
  actor,
);
const fund = app.services.organizations.create(
  { name: 'Example Pension Fund', kind: 'asset_owner', country: 'GB', aumUsd: 2_000_000_000 },
  actor,
);
const campaign = app.services.campaigns.create(
  { name: 'Responsible exit', organizationIds: [rights.id, fund.id], companyIds: [company.id] },
  actor,
);
const rightsMember = await createUser(app, 'member');
app.repos.users.update(rightsMember.id, { organizationId: rights.id });
const fundMember = await createUser(app, 'member');
app.repos.users.update(fundMember.id, { organizationId: fund.id });
const coordinator = (await apiUser(app, 'coordinator')).headers;

const letter = (
  await app.inject({
    method: 'POST',
    url: `/api/campaigns/${campaign.id}/letters`,
    headers: coordinator,
    payload: {
      title: 'Questions to {{company.name}}',
      body: 'Dear {{company.name}},\n\nWe ask about your business in Russia.\n\nYours sincerely,\nThe coalition',
      questions: ['Will {{company.name}} leave Russia?'],
      companyIds: [company.id],
    },
  })
).json();
const opened = await app.inject({
  method: 'POST',
  url: `/api/letters/${letter.id}/sign-on`,
  headers: coordinator,
  payload: { closesAt: '2026-03-10T17:00:00Z' },
});
const links = opened.json().signOnLinks as { organizationId: number; url: string }[];
const pathOf = (organizationId: number) =>
  new URL(links.find((l) => l.organizationId === organizationId)!.url).pathname;
const signatures = () => app.repos.letters.signatories(letter.id);

describe('sign-on links, one per organization', () => {
  it('opening sign-on gives each member organization its own link and emails it to its people', () => {
    expect(opened.statusCode).toBe(200);
    expect(links.map((l) => l.organizationId).sort()).toEqual([rights.id, fund.id].sort());
    expect(new Set(links.map((l) => l.url)).size).toBe(2);
    const invitations = app.repos.outbox.list().filter((m) => m.kind === 'sign_on');
    const to = (email: string) => invitations.find((m) => m.toAddress === email)!;
    expect(to(rightsMember.email).text).toContain(links.find((l) => l.organizationId === rights.id)!.url);
    expect(to(rightsMember.email).text).not.toContain(links.find((l) => l.organizationId === fund.id)!.url);
    expect(to(fundMember.email).subject).toBe('Sign “Questions to [company name]” for Example Pension Fund');
  });

  it('a member sees no links in the API; a coordinator sees them all', async () => {
    const member = app.services.auth.createApiToken(rightsMember.id, 'test');
    const asMember = await app.inject({
      method: 'GET',
      url: `/api/letters/${letter.id}`,
      headers: { authorization: `Bearer ${member}` },
    });
    expect(asMember.json().signOnLinks).toEqual([]);
    const asCoordinator = await app.inject({
      method: 'GET',
      url: `/api/letters/${letter.id}`,
      headers: coordinator,
    });
    expect(asCoordinator.json().signOnLinks).toHaveLength(2);
  });

  it('the sign page shows the whole letter and signs for the link’s organization only', async () => {
    const visitor = await browserSession(app);
    const page = await visitor.get(pathOf(rights.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('for Example Rights Watch</h1>');
    expect(page.body).toContain('We ask about your business in Russia.');
    expect(page.body).toContain('Will ООО «Ромашка» &amp; ');
    expect(page.body).toMatch(/Yours sincerely,<br\s*\/?>\s*The coalition/);
    expect(page.body).not.toContain('{{');
    expect(page.body).not.toContain('name="organizationId"');

    // The link of one organization cannot sign for another: refused, nothing recorded.
    const forOther = await visitor.post(pathOf(rights.id), {
      organizationId: String(fund.id),
      signerName: 'Impostor',
    });
    expect(forOther.statusCode).toBe(403);
    expect(signatures()).toHaveLength(0);

    const signed = await visitor.post(pathOf(rights.id), {
      signerName: 'Mia Member',
      signerTitle: 'Director',
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.body).toContain(
      'signed “Questions to [company name]” for <strong>Example Rights Watch</strong>',
    );
    expect(signatures().map((s) => [s.organizationId, s.signerName])).toEqual([[rights.id, 'Mia Member']]);
    const again = await visitor.get(pathOf(rights.id));
    expect(again.body).toContain('Example Rights Watch has already signed');
  });

  it('a member of another organization cannot use the link; forged and old-style links are 404', async () => {
    const session = await browserSession(app, fundMember.email);
    expect((await session.get(pathOf(rights.id))).statusCode).toBe(403);
    const before = signatures().length;
    const page = await session.get(pathOf(fund.id));
    expect(page.statusCode).toBe(200);

    const visitor = await browserSession(app);
    const rightsPath = pathOf(rights.id);
    const forged = `${rightsPath.slice(0, -4)}abcd`;
    expect((await visitor.get(forged)).statusCode).toBe(404);
    // A letter-wide link of the old kind (no organization in it) opens nothing.
    const { signValue } = await import('../../../../server/lib/tokens.js');
    const closes = Date.parse(app.repos.letters.findById(letter.id)!.signOnClosesAt!);
    const oldStyle = signValue(
      'test-secret-test-secret-test-secret-0123',
      Buffer.from(`${letter.id}:${closes}`).toString('base64url'),
    );
    expect((await visitor.get(`/sign/${oldStyle}`)).statusCode).toBe(404);
    // Signing through a forged link posts nothing.
    const home = await visitor.get(pathOf(fund.id));
    expect(home.statusCode).toBe(200);
    expect((await visitor.post(forged, { signerName: 'X' }, pathOf(fund.id))).statusCode).toBe(404);
    expect(signatures()).toHaveLength(before);
  });
});
