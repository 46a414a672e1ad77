import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { buildTestApp, type TestApp } from '../../../helper.js';

const clock = fixedClock('2023-04-11T09:00:00Z');
const actor = { userId: null, label: 'test' };
let app: TestApp;
let publicId: number;
let privateId: number;

beforeAll(async () => {
  app = await buildTestApp({ clock });
  const names = ['Responder AG', 'Decliner <b>Ltd</b>', 'Silent Inc', 'Holding plc'];
  const ids = names.map(
    (name) =>
      app.services.companies.create(
        {
          name,
          country: 'DE',
          sector: 'Industry',
          contacts: [{ function: 'ir', email: 'secret.contact@example.org' }],
        },
        actor,
      ).id,
  );
  publicId = app.services.campaigns.create({ name: 'Open campaign', public: true }, actor).id;
  privateId = app.services.campaigns.create({ name: 'Quiet campaign' }, actor).id;
  for (const campaignId of [publicId, privateId]) {
    const letter = app.services.letters.create(
      campaignId,
      { title: 'Questions', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: ids },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
  }
  clock.set('2023-04-20T09:00:00Z');
  const dispatchOf = (companyId: number) =>
    app.repos.dispatches.board({ campaignId: publicId, companyId, limit: 1, offset: 0, today: '2023-04-20' })
      .items[0]!.id;
  app.services.dispatches.recordResponse(
    dispatchOf(ids[0]!),
    { receivedAt: '2023-04-18', kind: 'substantive', body: 'CONFIDENTIAL ANSWER TEXT' },
    actor,
  );
  app.services.dispatches.recordResponse(
    dispatchOf(ids[1]!),
    { receivedAt: '2023-04-19', kind: 'declined', body: 'no' },
    actor,
  );
  app.services.dispatches.recordResponse(
    dispatchOf(ids[3]!),
    { receivedAt: '2023-04-19', kind: 'holding', body: 'later' },
    actor,
  );
  clock.set('2023-05-01T09:00:00Z');
});

describe('the public tracker', () => {
  it('names responders and non-responders of a public campaign to anyone, without logging in', async () => {
    const page = await app.inject({ url: `/public/campaigns/${publicId}` });
    expect(page.statusCode).toBe(200);
    const row = (name: string) =>
      new RegExp(`<td>${name}</td>[\\s\\S]*?<strong>([^<]+)</strong>`).exec(page.body)?.[1];
    expect(row('Responder AG')).toBe('Responded');
    expect(row('Decliner &lt;b&gt;Ltd&lt;/b&gt;')).toBe('Declined to respond');
    expect(row('Silent Inc')).toBe('Did not respond');
    expect(row('Holding plc')).toBe('Awaiting response');
    // The statistics' definition (DOMAIN §4): a holding reply is a response, and the page says so.
    expect(page.body).toContain('response rate 75% <span class="small-text">(3 of 4)</span>');
    expect(page.body).toContain('Response rate: companies that sent a substantive answer, a holding reply');
    expect(page.body).toContain('(18 Apr 2023)');
    expect(page.body).toContain('<h2>Questions</h2>');
  });

  it('shows the same response rate as the campaign statistics', async () => {
    const page = await app.inject({ url: `/public/campaigns/${publicId}` });
    const [letter] = app.services.stats.forCampaign(publicId).byLetter;
    const { numerator, denominator } = letter!.responseRate;
    expect(page.body).toContain(`(${numerator} of ${denominator})`);
  });

  it('shows no response texts, contacts or internal navigation', async () => {
    const page = await app.inject({ url: `/public/campaigns/${publicId}` });
    expect(page.body).not.toContain('CONFIDENTIAL ANSWER TEXT');
    expect(page.body).not.toContain('secret.contact@example.org');
    expect(page.body).not.toContain('<b>Ltd</b>');
    expect(page.body).not.toContain('href="/companies');
  });

  it('is 404 for a campaign that is not public, and for an unknown one', async () => {
    expect((await app.inject({ url: `/public/campaigns/${privateId}` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/public/campaigns/999' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/public/campaigns/abc' })).statusCode).toBe(400);
  });
});
