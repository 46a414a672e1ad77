import { describe, expect, it } from 'vitest';
import { apiUser, browserSession, buildTestApp, createUser } from '../../helper.js';
import { buildCampaign } from './fixtures/campaign.js';
import { startInboundFixture } from './fixtures/inbound.js';

const app = await buildTestApp();
const { smtp } = await startInboundFixture(app);

const fixture = await buildCampaign(app, 'Inbound');
const staff = await apiUser(app, 'staff');

let letterCounter = 0;
async function sentDispatch() {
  letterCounter++;
  const { dispatch } = await fixture.sendLetter(`Letter ${letterCounter}`);
  const detail = await fixture.call('GET', `/api/dispatches/${dispatch.id}`);
  const replyAddress = detail.replyAddress as string;
  const token = /^reply\+([^@]+)@/.exec(replyAddress)![1]!;
  return { id: dispatch.id as number, replyAddress, token };
}

function detailOf(dispatchId: number) {
  return fixture.call('GET', `/api/dispatches/${dispatchId}`);
}

async function inbox() {
  const response = await app.inject({ method: 'GET', url: '/api/inbox', headers: staff.headers });
  expect(response.statusCode).toBe(200);
  return response.json() as { id: number; from: string; subject: string; snippet: string }[];
}

describe('inbound mail over real SMTP', () => {
  it('files a reply to the reply address as an unreviewed email response; nothing public changes until review', async () => {
    const dispatch = await sentDispatch();
    await smtp.sendMail({
      from: 'Investor Relations <ir@inbound-company.example>',
      to: dispatch.replyAddress,
      subject: 'Re: your letter',
      text: 'Our exposure is limited to two sites.',
    });

    const detail = await detailOf(dispatch.id);
    // Issue 12: an emailed response waits for review; the status and public label stay as they were.
    expect(detail.status).toBe('sent');
    expect(detail.publicLabel).toBe('Awaiting response');
    expect(detail.responses).toHaveLength(1);
    expect(detail.responses[0]).toMatchObject({
      source: 'email',
      kind: 'substantive',
      reviewed: false,
      fromAddress: 'Investor Relations <ir@inbound-company.example>',
      subject: 'Re: your letter',
    });
    expect(detail.responses[0].body).toContain('Our exposure is limited to two sites.');
    expect(detail.responses[0].inboundMessageId).toEqual(expect.any(Number));

    const events = await fixture.call('GET', `/api/dispatches/${dispatch.id}/events`);
    expect(events.map((e: { type: string }) => e.type)).toContain('response.received');

    const page = await (await browserSession(app, (await createUser(app, 'staff')).email)).get(
      `/dispatches/${dispatch.id}`,
    );
    expect(page.body).toContain('Subject: Re: your letter');
    expect(page.body).toContain('not reviewed yet');
    expect(page.body).toContain('(email)');
  });

  it('records an auto-reply as auto_reply and leaves the status alone', async () => {
    const dispatch = await sentDispatch();
    await smtp.sendMail({
      from: 'ir@inbound-company.example',
      to: dispatch.replyAddress,
      subject: 'Out of office',
      text: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const detail = await detailOf(dispatch.id);
    expect(detail.status).toBe('sent');
    expect(detail.responses).toHaveLength(1);
    expect(detail.responses[0]).toMatchObject({ kind: 'auto_reply', source: 'email', reviewed: false });
  });

  it('creates one response when the same Message-ID arrives twice', async () => {
    const dispatch = await sentDispatch();
    const mail = {
      from: 'ir@inbound-company.example',
      to: dispatch.replyAddress,
      subject: 'Re: twice',
      text: 'Sent twice by a retrying server.',
      messageId: '<same-message@inbound-company.example>',
    };
    await smtp.sendMail(mail);
    await smtp.sendMail(mail);
    const detail = await detailOf(dispatch.id);
    expect(detail.responses).toHaveLength(1);
  });

  it('stores an attachment with the response', async () => {
    const dispatch = await sentDispatch();
    await smtp.sendMail({
      from: 'ir@inbound-company.example',
      to: dispatch.replyAddress,
      subject: 'Re: our policy',
      text: 'Please find our policy attached.',
      attachments: [{ filename: 'policy.txt', content: 'We have a policy.', contentType: 'text/plain' }],
    });
    const detail = await detailOf(dispatch.id);
    const files = app.repos.inbound.attachmentsOfResponse(detail.responses[0].id);
    expect(files).toEqual([
      expect.objectContaining({ filename: 'policy.txt', contentType: 'text/plain', size: 17 }),
    ]);
  });

  it('matches by the [Docket ref …] in the subject when the reply address is missing', async () => {
    const dispatch = await sentDispatch();
    await smtp.sendMail({
      from: 'ir@inbound-company.example',
      to: 'letters@docket.test',
      subject: `Fwd: Re: Shareholder letter [Docket ref ${dispatch.token.slice(0, 8)}]`,
      text: 'Forwarded to the right team; here is our answer.',
    });
    const detail = await detailOf(dispatch.id);
    expect(detail.status).toBe('sent');
    expect(detail.responses).toHaveLength(1);
  });

  it('refuses mail for another domain at RCPT', async () => {
    await expect(
      smtp.sendMail({ from: 'a@example.org', to: 'someone@elsewhere.example', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('puts unmatched mail in the inbox, and the API assigns it once', async () => {
    const dispatch = await sentDispatch();
    await smtp.sendMail({
      from: 'ir@inbound-company.example',
      to: 'reply+unknown-token@docket.test',
      subject: 'Re: a letter we lost track of',
      text: 'Here is our answer to the coalition.',
    });
    const message = (await inbox()).find((m) => m.subject === 'Re: a letter we lost track of')!;
    expect(message).toMatchObject({
      from: 'ir@inbound-company.example',
      snippet: 'Here is our answer to the coalition.',
    });

    const unknown = await app.inject({
      method: 'POST',
      url: `/api/inbox/${message.id}/assign`,
      headers: staff.headers,
      payload: { dispatchId: 999_999 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('dispatchId');

    const assign = () =>
      app.inject({
        method: 'POST',
        url: `/api/inbox/${message.id}/assign`,
        headers: staff.headers,
        payload: { dispatchId: dispatch.id },
      });
    const first = await assign();
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().message).toMatchObject({ dispatchId: dispatch.id, assignedBy: staff.user.id });
    expect((await assign()).statusCode).toBe(409);

    expect((await inbox()).some((m) => m.id === message.id)).toBe(false);
    const detail = await detailOf(dispatch.id);
    expect(detail.status).toBe('sent');
    expect(detail.responses).toHaveLength(1);
    expect(detail.responses[0]).toMatchObject({
      source: 'email',
      reviewed: false,
      recordedBy: staff.user.id,
    });
  });

  it('lets staff assign inbox mail from the page, with CSRF, and never renders its HTML', async () => {
    const dispatch = await sentDispatch();
    await smtp.sendMail({
      from: 'board@inbound-company.example',
      to: 'secretary@docket.test',
      subject: 'A reply without reference',
      text: 'Plain text <b>not bold</b>.',
      html: '<p>Plain text <script>alert(1)</script></p>',
    });
    const message = (await inbox()).find((m) => m.subject === 'A reply without reference')!;

    const user = await createUser(app, 'staff');
    const session = await browserSession(app, user.email);
    const list = await session.get('/inbox');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('A reply without reference');
    expect(list.body).toContain('href="/inbox"');

    const show = await session.get(`/inbox/${message.id}`);
    expect(show.statusCode).toBe(200);
    expect(show.body).toContain('Plain text &lt;b&gt;not bold&lt;/b&gt;.');
    expect(show.body).not.toContain('<script>alert(1)</script>');

    const withoutCsrf = await app.inject({
      method: 'POST',
      url: `/inbox/${message.id}/assign`,
      cookies: session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `dispatchId=${dispatch.id}`,
    });
    expect(withoutCsrf.statusCode).toBe(403);

    const posted = await session.post(
      `/inbox/${message.id}/assign`,
      { dispatchId: String(dispatch.id), otherDispatchId: '' },
      `/inbox/${message.id}`,
    );
    expect(posted.statusCode).toBe(302);
    expect(posted.headers.location).toBe(`/dispatches/${dispatch.id}#responses`);
    const detail = await detailOf(dispatch.id);
    expect(detail.responses).toHaveLength(1);
    expect(detail.responses[0].body).toContain('Plain text <b>not bold</b>.');
  });

  it('receives a message without SMTP, for the CLI and tests', async () => {
    const outcome = await app.services.inbound.receive(
      'From: someone@example.org\r\nTo: hello@docket.test\r\nSubject: Direct\r\n\r\nHello.\r\n',
    );
    expect(outcome.status).toBe('unmatched');
    const again = await app.services.inbound.receive(
      'From: someone@example.org\r\nTo: hello@docket.test\r\nSubject: Direct\r\n\r\nHello.\r\n',
    );
    expect(again).toEqual({ status: 'duplicate', inboundMessageId: outcome.inboundMessageId });
  });
});
