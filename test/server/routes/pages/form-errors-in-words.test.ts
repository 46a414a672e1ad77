import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser } from '../../../helper.js';

/**
 * Messages a person must never read on a page: schema paths (`querystring/status`, `/name`),
 * regular expressions, validator jargon. (A web address like https:// is fine.)
 */
const TECHNICAL = /must match|must be equal to|pattern|\w\/\w|(^|\s)\/\w|\^|\$|querystring|body\./i;

/** Every message shown next to a field, and every error flash or error page message. */
function messagesOf(html: string): string[] {
  const fieldErrors = [...html.matchAll(/class="field-error"[^>]*>([^<]*)</g)].map((m) => m[1]!);
  const flashes = [...html.matchAll(/class="flash flash-error"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => m[1]!);
  const errorPage = [...html.matchAll(/<p class="error-message">([^<]*)</g)].map((m) => m[1]!);
  return [...fieldErrors, ...flashes, ...errorPage]
    .map((m) => m.replace(/<[^>]+>/g, '').trim())
    .filter(Boolean);
}

async function setUp() {
  const clock = fixedClock('2025-05-05T09:00:00Z');
  const app = await buildTestApp({ clock });
  const f = factories(app);
  const org = f.organization({ name: 'Signing Org' });
  const company = f.company({ name: 'Walked AG' });
  const campaign = f.campaign({ organizationIds: [org.id], companyIds: [company.id] });
  const { dispatches } = f.sentLetter(campaign.id, [company.id]);
  const draft = app.services.letters.create(
    campaign.id,
    { title: 'For sign-on', body: 'Dear {{company.name}},', questions: ['Why?'], companyIds: [company.id] },
    f.actor,
  );
  const signOn = app.services.letters.create(
    campaign.id,
    { title: 'Open letter', body: 'Dear {{company.name}},', questions: ['Why?'], companyIds: [company.id] },
    f.actor,
  );
  app.services.signOn.open(signOn.id, '2025-05-20T12:00:00.000Z', f.actor);
  const signUrl = new URL(app.services.signOn.links(app.services.letters.get(signOn.id))[0]!.url).pathname;
  const admin = await createUser(app, 'admin');
  const session = await browserSession(app, admin.email);
  return { app, session, campaign, company, dispatch: dispatches[0]!, draft, signUrl };
}

type Walk = {
  name: string;
  page: string;
  action: string;
  form: Record<string, string | string[]>;
  /** Text that must be in the re-rendered form: what the person typed. */
  kept: string[];
  /** Worded messages expected next to fields. */
  says: string[];
  status?: number;
};

describe('every page form keeps what was typed and says what is wrong in words', () => {
  it('walks each form with bad input', async () => {
    const { session, campaign, company, dispatch, draft, signUrl } = await setUp();
    const walks: Walk[] = [
      {
        name: 'user invitation',
        page: '/users',
        action: '/users/invite',
        form: { email: 'not-an-email', name: 'Kept Name', role: 'overlord', organizationId: '' },
        kept: ['value="not-an-email"', 'value="Kept Name"'],
        says: ['Enter an email address, like name@example.org', 'Choose a role from the list'],
      },
      {
        name: 'organization form',
        page: '/organizations/new',
        action: '/organizations',
        form: { name: ' ', kind: 'club', country: 'Germany', aumUsd: 'lots' },
        kept: ['value="Germany"', 'value="lots"'],
        says: ['Enter a name', 'Choose a kind from the list', 'Enter the two-letter country code, like GB'],
      },
      {
        name: 'company form',
        page: '/companies/new',
        action: '/companies',
        form: {
          name: '',
          country: 'France',
          isin: 'XX',
          website: 'example.org',
          sector: 'Kept sector',
          contactName: 'Cleo',
          contactFunction: 'ir',
          contactEmail: 'cleo-at-example',
        },
        kept: [
          'value="France"',
          'value="XX"',
          'value="example.org"',
          'value="Kept sector"',
          'value="Cleo"',
          'value="cleo-at-example"',
        ],
        says: [
          'Enter a name',
          'Enter the two-letter country code, like GB',
          'Enter the 12-character ISIN, like US5949181045, or leave it empty',
          'Enter a web address starting with https://, or leave it empty',
          'Enter an email address, like name@example.org',
        ],
      },
      {
        name: 'campaign form',
        page: '/campaigns/new',
        action: '/campaigns',
        form: {
          name: '',
          description: 'Kept description',
          responseDays: 'ten',
          dayCount: 'calendar',
          holidayCountry: 'Britain',
        },
        kept: ['>Kept description</textarea>', 'value="ten"', 'value="Britain"'],
        says: ['Enter a name'],
      },
      {
        name: 'letter form',
        page: `/campaigns/${campaign.id}/letters/new`,
        action: `/campaigns/${campaign.id}/letters`,
        form: {
          title: '',
          body: 'Kept letter body',
          question: ['Kept question one?'],
          companyIds: [String(company.id)],
        },
        kept: ['Kept letter body</textarea>', 'Kept question one?'],
        says: ['Enter a title'],
      },
      {
        name: 'record a response and assess',
        page: `/dispatches/${dispatch.id}`,
        action: `/dispatches/${dispatch.id}/responses`,
        form: {
          mode: 'response',
          receivedAt: '',
          kind: 'substantive',
          from: 'kept@from.example',
          body: 'Kept pasted reply',
        },
        kept: ['Kept pasted reply</textarea>', 'value="kept@from.example"'],
        says: ['Enter the date the response arrived'],
      },
      {
        name: 'sign-on: closing time in the past',
        page: `/letters/${draft.id}`,
        action: `/letters/${draft.id}/sign-on`,
        form: { closesAt: '2025-05-01T10:00' },
        kept: ['value="2025-05-01T10:00"'],
        says: ['Choose a closing time in the future'],
      },
      {
        name: 'custom deadline',
        page: '/deadlines',
        action: '/deadlines',
        form: {
          campaignId: String(campaign.id),
          companyId: '',
          date: '2025-02-30',
          title: 'Kept deadline title',
          explanation: 'Kept why',
        },
        kept: ['value="Kept deadline title"'],
        says: [],
      },
      {
        name: 'sign-on form of an organization',
        page: signUrl,
        action: signUrl,
        form: { signerName: ' ', signerTitle: 'Kept title' },
        kept: ['value="Kept title"'],
        says: [],
      },
    ];
    for (const walk of walks) {
      const response = await session.post(walk.action, walk.form, walk.page);
      expect(response.statusCode, walk.name).toBe(walk.status ?? 422);
      const messages = messagesOf(response.body);
      expect(messages.length, `${walk.name}: some message is shown`).toBeGreaterThan(0);
      for (const message of messages) expect(message, `${walk.name}: "${message}"`).not.toMatch(TECHNICAL);
      for (const text of walk.says) expect(messages, walk.name).toContain(text);
      for (const text of walk.kept) expect(response.body, `${walk.name} keeps ${text}`).toContain(text);
    }
  });

  it('a bad filter in a page address is explained in words, not as a schema path', async () => {
    const { session, campaign } = await setUp();
    const page = await session.get(`/campaigns/${campaign.id}?status=lost`);
    expect(page.statusCode).toBe(400);
    const main = page.body.slice(page.body.indexOf('<main'));
    expect(main).not.toMatch(/querystring|must be equal to|allowed values/);
    expect(main).toContain('Choose a status from the list');
  });

  it('codes are shown as words: organization kinds, contact functions, roles, response kinds', async () => {
    const { app, session, company } = await setUp();
    const ir = app.services.organizations.create(
      { name: 'IR Friends', kind: 'asset_manager', country: 'GB' },
      { userId: null, label: 't' },
    );
    const organizations = await session.get('/organizations');
    expect(organizations.body).toContain('NGO');
    expect(organizations.body).toMatch(/>Asset manager</);
    expect(organizations.body).not.toMatch(/>ngo</);
    expect((await session.get(`/organizations/${ir.id}`)).body).toContain('Asset manager');
    const companyPage = await session.get(`/companies/${company.id}`);
    expect(companyPage.body).toContain('<td>Investor relations</td>');
    const form = await session.get('/companies/new');
    expect(form.body).toMatch(/<option value="ir"[^>]*>Investor relations<\/option>/);
    const users = await session.get('/users');
    expect(users.body).toMatch(/<option value="staff"[^>]*>Campaign staff<\/option>/);
  });
});

describe('the holiday calendar forms keep what was typed', () => {
  it('a refused .ics import keeps the pasted text and says why next to it', async () => {
    const { session, campaign } = await setUp();
    const page = `/campaigns/${campaign.id}/calendar`;
    const pasted = 'BEGIN:VCALENDAR\nthis is not a calendar';
    const refused = await session.post(
      `${page}/import`,
      { ics: pasted, kind: 'working_day', filename: '' },
      page,
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`${pasted}</textarea>`);
    expect(refused.body).toMatch(/<option value="working_day" selected>Working days<\/option>/);
    const messages = messagesOf(refused.body);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).not.toMatch(TECHNICAL);
  });
});
