import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

const clock = fixedClock('2026-03-02T09:00:00Z');
let app: TestApp;
let campaignId: number;
let companyIds: number[];
let organizationId: number;

beforeAll(async () => {
  app = await buildTestApp({ clock });
  const actor = { userId: null, label: 'test' };
  companyIds = ['Alpha Corp', 'Beta <script>alert(1)</script> AG', 'Gamma SA'].map(
    (name, i) =>
      app.services.companies.create(
        {
          name,
          country: ['US', 'DE', 'FR'][i]!,
          contacts: [{ function: 'ir', email: `ir${i}@example.org` }],
        },
        actor,
      ).id,
  );
  organizationId = app.services.organizations.create(
    { name: 'Example NGO', kind: 'ngo', country: 'GB' },
    actor,
  ).id;
  campaignId = app.services.campaigns.create(
    { name: 'Test campaign', organizationIds: [organizationId] },
    actor,
  ).id;
});

describe('the letter workflow through the pages', () => {
  let letterId: number;

  it('staff drafts a letter with three questions; empty and over-long questions are refused', async () => {
    const staff = await createUser(app, 'staff');
    const session = await browserSession(app, staff.email);
    const formPage = `/campaigns/${campaignId}/letters/new`;
    const tooLong = await session.post(
      `/campaigns/${campaignId}/letters`,
      {
        title: 'Q',
        body: 'x',
        question: ['ok?', 'x'.repeat(10_000)],
        questionId: ['', ''],
        position: ['1', '2'],
        companyIds: [String(companyIds[0])],
      },
      formPage,
    );
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('must be at most 2000 characters');
    expect(app.repos.letters.listForCampaign(campaignId)).toHaveLength(0);

    const created = await session.post(
      `/campaigns/${campaignId}/letters`,
      {
        title: 'Our questions',
        body: 'Dear {{company.name}},\n\nPlease answer.',
        question: ['Third?', 'First?', 'Second?', ''],
        questionId: ['', '', '', ''],
        position: ['3', '1', '2', '4'],
        companyIds: companyIds.map(String),
      },
      formPage,
    );
    expect(created.statusCode).toBe(302);
    letterId = Number(created.headers.location!.split('/').pop());
    expect(app.repos.letters.questions(letterId).map((q) => q.text)).toEqual(['First?', 'Second?', 'Third?']);
    const page = await session.get(`/letters/${letterId}?companyId=${companyIds[1]}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dear Beta &lt;script&gt;alert(1)&lt;/script&gt; AG');
    expect(page.body).not.toContain('<script>alert(1)');
  });

  it('a coordinator opens sign-on and a member signs through the link; a forged link is refused', async () => {
    const coordinator = await createUser(app, 'coordinator');
    const session = await browserSession(app, coordinator.email);
    const opened = await session.post(
      `/letters/${letterId}/sign-on`,
      { closesAt: '2026-03-09T17:00' },
      `/letters/${letterId}`,
    );
    expect(opened.statusCode).toBe(302);
    const url = app.services.signOn
      .links(app.services.letters.get(letterId))
      .find((l) => l.organizationId === organizationId)!.url;
    const path = new URL(url).pathname;

    const visitor = await browserSession(app);
    const form = await visitor.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Example NGO');
    const missing = await visitor.post(path, { organizationId: String(organizationId), signerName: '' });
    expect(missing.statusCode).toBe(422);
    const signed = await visitor.post(path, {
      organizationId: String(organizationId),
      signerName: 'Mia Member',
      signerTitle: 'Director',
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.body).toContain('Thank you');
    expect(signed.body).toContain('for <strong>Example NGO</strong>');
    expect(app.repos.letters.signatories(letterId).map((s) => s.signerName)).toEqual(['Mia Member']);

    const forged = await visitor.get(`${path.slice(0, -3)}abc`);
    expect(forged.statusCode).toBe(404);
    clock.set('2026-03-10T09:00:00Z');
    const closed = await visitor.get(path);
    expect(closed.statusCode).toBe(410);
    clock.set('2026-03-03T09:00:00Z');
  });

  it('a coordinator approves and sends; the board shows the dispatches', async () => {
    const coordinator = await createUser(app, 'coordinator');
    const session = await browserSession(app, coordinator.email);
    // Sign-on is still open: approving says it closes it.
    expect((await session.get(`/letters/${letterId}`)).body).toContain('Close sign-on and approve');
    expect(
      (await session.post(`/letters/${letterId}/approve`, { closeSignOn: 'yes' }, `/letters/${letterId}`))
        .statusCode,
    ).toBe(302);
    const confirmation = await session.get(`/letters/${letterId}/send?channel=email&sentDate=`);
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('3 companies');
    const sent = await session.post(
      `/letters/${letterId}/send`,
      { channel: 'email', sentDate: '', confirmed: 'yes' },
      `/letters/${letterId}/send?channel=email`,
    );
    expect(sent.statusCode).toBe(302);
    const letterPage = await session.get(`/letters/${letterId}`);
    expect(letterPage.body).toContain('Sent to 3 companies');
    const board = await session.get(`/campaigns/${campaignId}`);
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('Alpha Corp');
    expect(board.body).toMatch(/<strong>3<\/strong> Sent, no reply yet/);
    expect(board.body).toContain(`/campaigns/${campaignId}/stats`);
    const stats = await session.get(`/campaigns/${campaignId}/stats`);
    expect(stats.statusCode).toBe(200);
    expect(stats.body).toContain('0 of 3');
  });

  it('staff records a response and assesses answers on the dispatch page', async () => {
    const staff = await createUser(app, 'staff');
    const session = await browserSession(app, staff.email);
    const dispatch = app.repos.dispatches.listForLetter(letterId).find((d) => d.companyId === companyIds[0])!;
    const [q1, q2] = app.repos.letters.questions(letterId);
    const page = await session.get(`/dispatches/${dispatch.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(dispatch.dueExplanation);

    const recorded = await session.post(
      `/dispatches/${dispatch.id}/responses`,
      {
        receivedAt: '2026-03-03',
        kind: 'substantive',
        body: 'Our reply',
        from: 'ir0@example.org',
        promisedAt: '',
      },
      `/dispatches/${dispatch.id}`,
    );
    expect(recorded.body.match(/field-error[^>]*>[^<]*/g)).toBeNull();
    expect(recorded.statusCode).toBe(302);
    const assessed = await session.post(
      `/dispatches/${dispatch.id}/answers/${q1!.id}`,
      { status: 'answered', quality: '3', note: 'Clear', excerpt: 'We did it' },
      `/dispatches/${dispatch.id}`,
    );
    expect(assessed.statusCode).toBe(302);
    await session.post(
      `/dispatches/${dispatch.id}/answers/${q2!.id}`,
      { status: 'partial', quality: '1', note: '', excerpt: '' },
      `/dispatches/${dispatch.id}`,
    );
    const after = await session.get(`/dispatches/${dispatch.id}`);
    expect(after.body).toContain('Responded');
    expect(after.body).toContain('We did it');
    expect(after.body).toContain('50%');

    const early = await session.post(
      `/dispatches/${dispatch.id}/responses`,
      {
        receivedAt: '2026-02-01',
        kind: 'holding',
        body: 'We will answer soon',
        from: 'ir@x.example',
        promisedAt: '',
      },
      `/dispatches/${dispatch.id}`,
    );
    // refused in words next to the field, with everything typed still in the form
    expect(early.statusCode).toBe(422);
    expect(early.body).toMatch(/id="receivedAt-error">The date received is before the letter was sent/);
    expect(early.body).toContain('>We will answer soon</textarea>');
    expect(early.body).toContain('value="2026-02-01"');
    expect(early.body).toContain('value="ir@x.example"');
    expect(early.body).toMatch(/<option value="holding" selected>/);
    expect(app.repos.dispatches.responses(dispatch.id)).toHaveLength(1);
  });
});
