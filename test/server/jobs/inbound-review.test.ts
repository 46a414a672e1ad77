import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { browserSession, buildTestApp, createUser } from '../../helper.js';
import { startInboundFixture } from './fixtures/inbound.js';

const clock = fixedClock('2026-03-02T09:00:00.000Z');
const app = await buildTestApp({ clock, env: { INBOUND_UNMATCHED_QUOTA_MB: '1' } });
const { smtp } = await startInboundFixture(app, { perSenderPerMinute: 5 });

const actor = { userId: null, label: 'test' };
let counter = 0;

function sendLetter(domain = `co${counter + 1}.example`) {
  counter++;
  const company = app.services.companies.create(
    {
      name: `Review Co ${counter}`,
      country: 'DE',
      contacts: [{ function: 'ir', email: `ir@${domain}`, name: 'IR Team' }],
    },
    actor,
  );
  const campaign = app.services.campaigns.create({ name: `Review ${counter}`, public: true }, actor);
  const letter = app.services.letters.create(
    campaign.id,
    {
      title: `Letter ${counter}`,
      body: 'Dear {{company.name}}',
      questions: ['Q1?'],
      companyIds: [company.id],
    },
    actor,
  );
  app.services.letters.approve(letter.id, actor);
  const dispatch = app.services.sending.send(letter.id, {}, actor).dispatches[0]!;
  return { company, campaign, dispatch, reply: `reply+${dispatch.replyToken}@docket.test` };
}

const detail = (id: number) => app.services.dispatches.detail(app.services.dispatches.get(id));

/** Sends a whole message as written, with its own headers, over SMTP. */
function deliver(to: string, raw: string, from = 'sender@elsewhere.example') {
  return smtp.sendMail({ envelope: { from, to: [to] }, raw });
}

function message(headers: Record<string, string>, body: string) {
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

describe('auto-replies', () => {
  const samples: [string, (to: string, n: number) => string, string?][] = [
    [
      'Exchange out-of-office (no Auto-Submitted; X-Auto-Response-Suppress, Inbox-Rules-Loop, Return-Path <>)',
      (to, n) =>
        message(
          {
            'Return-Path': '<>',
            From: 'Anna Schmidt <anna.schmidt@exchange-co.example>',
            To: to,
            Subject: 'Automatische Antwort: Your business in Russia',
            'Thread-Topic': 'Your business in Russia',
            'Message-ID': `<oof-${n}@exchange-co.example>`,
            'X-MS-Has-Attach': '',
            'X-Auto-Response-Suppress': 'All',
            'X-MS-Exchange-Inbox-Rules-Loop': 'anna.schmidt@exchange-co.example',
            'X-MS-Exchange-Organization-AuthAs': 'Internal',
            'Content-Type': 'text/plain; charset="iso-8859-1"',
            'Content-Transfer-Encoding': 'quoted-printable',
            'MIME-Version': '1.0',
          },
          'Ich bin bis zum 10. M=E4rz nicht im B=FCro.',
        ),
    ],
    [
      'Gmail vacation responder',
      (to, n) =>
        message(
          {
            From: 'Board Office <board@gmail-co.example>',
            To: to,
            Subject: 'Re: Your business in Russia',
            'Auto-Submitted': 'auto-replied',
            Precedence: 'bulk',
            'X-Autoreply': 'yes',
            'Message-ID': `<vacation-${n}@mail.gmail.com>`,
            'Content-Type': 'text/plain; charset="UTF-8"',
          },
          'Thank you for your message. I am travelling until 12 March with limited access to email.',
        ),
    ],
    [
      'Outlook.com automatic reply (subject and X-Auto-Response-Suppress only)',
      (to, n) =>
        message(
          {
            From: 'IR <ir@outlook-co.example>',
            To: to,
            Subject: 'Automatic reply: Your business in Russia',
            'X-Auto-Response-Suppress': 'DR, RN, NRN, OOF, AutoReply',
            'Message-ID': `<autoreply-${n}@outlook-co.example>`,
            'Content-Type': 'text/plain; charset="us-ascii"',
          },
          'I am out of the office until Monday.',
        ),
    ],
  ];

  for (const [name, build] of samples) {
    it(`files an ${name} as auto_reply; nothing changes`, async () => {
      const { dispatch, reply } = sendLetter();
      await deliver(reply, build(reply, dispatch.id), '');
      const after = detail(dispatch.id);
      expect(after.responses).toEqual([expect.objectContaining({ kind: 'auto_reply', reviewed: false })]);
      expect(after.status).toBe('sent');
      expect(after.publicLabel).toBe('Awaiting response');
    });
  }

  it('keeps a person’s reply relayed by a mailing list (Precedence: bulk) a substantive reply', async () => {
    const { dispatch, reply } = sendLetter();
    const raw = message(
      {
        From: 'Jane Doe <jane.doe@listed-co.example>',
        To: reply,
        Subject: 'Re: [shareholders] Your business in Russia',
        Precedence: 'bulk',
        'List-Id': 'Shareholder engagement <shareholders.lists.listed-co.example>',
        'List-Unsubscribe': '<mailto:shareholders-leave@lists.listed-co.example>',
        'Message-ID': `<human-${dispatch.id}@listed-co.example>`,
        'Content-Type': 'text/plain; charset="utf-8"',
      },
      'We have wound down our Russian operations; details in our annual report, p. 42.',
    );
    await deliver(reply, raw, 'shareholders-bounces@lists.listed-co.example');
    expect(detail(dispatch.id).responses).toEqual([expect.objectContaining({ kind: 'substantive' })]);
  });
});

describe('matching order', () => {
  it('matches a reply that names a Message-ID we sent in In-Reply-To, with no reply address or reference', async () => {
    const { dispatch } = sendLetter();
    const sent = app.repos.outbox.list().find((m) => m.dispatchId === dispatch.id)!;
    const outcome = await app.services.inbound.receive(
      message(
        {
          From: 'ir@somewhere.example',
          To: 'info@docket.test',
          Subject: 'Re: your letter',
          'In-Reply-To': sent.messageId,
          'Message-ID': `<irt-${dispatch.id}@somewhere.example>`,
        },
        'Answer.',
      ),
    );
    expect(outcome).toMatchObject({ status: 'matched', dispatchId: dispatch.id, matchedBy: 'in_reply_to' });
  });

  it('proposes the one open dispatch of the sender’s company; staff confirm it from the inbox', async () => {
    const { dispatch } = sendLetter('proposal-co.example');
    const outcome = await app.services.inbound.receive(
      message(
        {
          From: 'General Counsel <legal@proposal-co.example>',
          To: 'info@docket.test',
          Subject: 'Our position',
          'Message-ID': `<proposal-${dispatch.id}@proposal-co.example>`,
        },
        'Our position is as follows.',
      ),
    );
    expect(outcome).toMatchObject({ status: 'unmatched', proposedDispatchId: dispatch.id });
    expect(detail(dispatch.id).responses).toHaveLength(0);

    const staff = await browserSession(app, (await createUser(app, 'staff')).email);
    const page = await staff.get(`/inbox/${outcome.inboundMessageId}`);
    expect(page.body).toContain('needs confirmation');
    expect(page.body).toContain(`<option value="${dispatch.id}" selected>`);
    const posted = await staff.post(
      `/inbox/${outcome.inboundMessageId}/assign`,
      { dispatchId: String(dispatch.id), otherDispatchId: '' },
      `/inbox/${outcome.inboundMessageId}`,
    );
    expect(posted.statusCode).toBe(302);
    expect(detail(dispatch.id).responses).toHaveLength(1);
  });

  it('discards inbox mail with an event', async () => {
    const outcome = await app.services.inbound.receive(
      message(
        {
          From: 'news@newsletter.example',
          To: 'info@docket.test',
          Subject: 'Weekly news',
          'Message-ID': '<news-1@newsletter.example>',
        },
        'News.',
      ),
    );
    const { headers } = {
      headers: {
        authorization: `Bearer ${app.services.auth.createApiToken((await createUser(app, 'staff')).id, 't')}`,
      },
    };
    const discard = await app.inject({
      method: 'POST',
      url: `/api/inbox/${outcome.inboundMessageId}/discard`,
      headers,
    });
    expect(discard.statusCode).toBe(204);
    expect(app.repos.inbound.findById(outcome.inboundMessageId)).toBeUndefined();
    expect(app.repos.events.listRecent(5).map((e) => e.type)).toContain('inbound.discarded');
  });
});

describe('review before anything public', () => {
  it('a forged reply changes nothing public; confirming it from the dispatch page changes the status once', async () => {
    const { dispatch, reply, campaign } = sendLetter();
    const coordinator = await createUser(app, 'coordinator');
    await deliver(
      reply,
      message(
        {
          From: 'someone@anywhere.example',
          To: reply,
          Subject: 'Re: letter',
          'Message-ID': `<forged-${dispatch.id}@anywhere.example>`,
        },
        'We answer everything.',
      ),
    );
    expect(detail(dispatch.id)).toMatchObject({ status: 'sent', publicLabel: 'Awaiting response' });
    const publicPage = await app.inject({ method: 'GET', url: `/public/campaigns/${campaign.id}` });
    expect(publicPage.body).not.toContain('>Responded<');

    // Coordinators are told, per their preference.
    const alerts = app.repos.outbox
      .list()
      .filter((m) => m.kind === 'review-needed' && m.dispatchId === dispatch.id);
    expect(alerts.map((m) => m.toAddress)).toContain(`"${coordinator.name}" <${coordinator.email}>`);
    expect(alerts[0]!.headers['Auto-Submitted']).toBe('auto-generated');

    const staff = await browserSession(app, (await createUser(app, 'staff')).email);
    const dashboard = await staff.get('/');
    expect(dashboard.body).toContain('To review');
    expect(dashboard.body).toContain(`/dispatches/${dispatch.id}#responses`);
    const page = await staff.get(`/dispatches/${dispatch.id}`);
    expect(page.body).toContain('Confirm and mark reviewed');
    expect(page.body).toContain('id="question-'); // the answer grid is on the same screen
    const responseId = detail(dispatch.id).responses[0]!.id;
    const confirmed = await staff.post(
      `/responses/${responseId}/review`,
      { kind: 'substantive' },
      `/dispatches/${dispatch.id}`,
    );
    expect(confirmed.statusCode).toBe(302);
    expect(detail(dispatch.id)).toMatchObject({ status: 'responded', publicLabel: 'Responded' });
  });

  it('shows reply and bounce addresses to staff and above only', async () => {
    const { dispatch, campaign } = sendLetter();
    const member = await createUser(app, 'member');
    const org = app.services.organizations.create(
      { name: `Org ${dispatch.id}`, kind: 'ngo', country: 'GB' },
      actor,
    );
    app.repos.users.update(member.id, { organizationId: org.id });
    app.services.campaigns.update(campaign.id, { organizationIds: [org.id] }, actor);
    const memberToken = app.services.auth.createApiToken(member.id, 't');
    const asMember = await app.inject({
      method: 'GET',
      url: `/api/dispatches/${dispatch.id}`,
      headers: { authorization: `Bearer ${memberToken}` },
    });
    expect(asMember.statusCode).toBe(200);
    expect(asMember.body).not.toContain(dispatch.replyToken);
    expect(asMember.body).not.toContain(dispatch.bounceToken!);
    const memberPage = await (await browserSession(app, member.email)).get(`/dispatches/${dispatch.id}`);
    expect(memberPage.statusCode).toBe(200);
    expect(memberPage.body).not.toContain(dispatch.replyToken);

    const staffToken = app.services.auth.createApiToken((await createUser(app, 'staff')).id, 't');
    const asStaff = await app.inject({
      method: 'GET',
      url: `/api/dispatches/${dispatch.id}`,
      headers: { authorization: `Bearer ${staffToken}` },
    });
    expect(asStaff.json()).toMatchObject({
      replyAddress: `reply+${dispatch.replyToken}@docket.test`,
      bounceAddress: `bounce+${dispatch.bounceToken}@docket.test`,
    });
  });
});

describe('limits', () => {
  it('refuses a message above 25 MB with a clear SMTP error', async () => {
    const { reply } = sendLetter();
    const big = message({ From: 'a@big.example', To: reply, Subject: 'Big' }, 'x'.repeat(26 * 1024 * 1024));
    await expect(deliver(reply, big)).rejects.toMatchObject({ responseCode: 552 });
  });

  it('slows down one sender that sends too much', async () => {
    const results: (number | 'ok')[] = [];
    for (let i = 0; i < 7; i++) {
      try {
        await deliver(
          'info@docket.test',
          message(
            {
              From: 'flood@flood.example',
              To: 'info@docket.test',
              Subject: `Flood ${i}`,
              'Message-ID': `<flood-${i}@flood.example>`,
            },
            'Hi',
          ),
          'flood@flood.example',
        );
        results.push('ok');
      } catch (error) {
        results.push((error as { responseCode: number }).responseCode);
      }
    }
    expect(results.slice(0, 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(results.slice(5)).toEqual([451, 451]);
  });

  it('keeps unmatched mail under its quota: the oldest goes first, with an event', async () => {
    const padding = 'y'.repeat(400 * 1024);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await app.services.inbound.receive(
        message(
          {
            From: `stranger${i}@quota.example`,
            To: `random${i}@docket.test`,
            Subject: `Quota ${i}`,
            'Message-ID': `<quota-${i}@quota.example>`,
          },
          padding,
        ),
      );
      ids.push(outcome.inboundMessageId);
    }
    expect(app.repos.inbound.unmatchedBytes()).toBeLessThanOrEqual(1024 * 1024);
    expect(app.repos.inbound.findById(ids[0]!)).toBeUndefined();
    expect(app.repos.inbound.findById(ids[3]!)).toBeDefined();
    const discarded = app.repos.events.listRecent(20).filter((e) => e.type === 'inbound.discarded');
    expect(discarded.some((e) => e.data.subject === 'Quota 0')).toBe(true);
  });
});
