import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { startInboundSmtp } from '../../../server/jobs/inbound-mail.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { createSmtpTransport } from '../../../server/lib/mail-transport.js';
import { buildTestApp } from '../../helper.js';
import { startSmtpServer } from './fixtures/smtp.js';

// Real bounces written by real mail servers: the test data of Debian's python3-flufl.bounce.
const CORPUS = '/usr/lib/python3/dist-packages/flufl/bounce/tests/data';
const corpusFiles = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((f) => f.endsWith('.txt'))
      .sort()
  : [];
if (!corpusFiles.length) {
  const message = `bounce corpus missing: ${CORPUS} (apt-get install python3-flufl.bounce)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! ${message}; the real-bounce test is SKIPPED !!!\n`);
}

// The addresses flufl.bounce's own tests expect each file to name, and whether the failure is temporary.
function expectedFailures(): Map<string, { addresses: string[]; temporary: boolean }> {
  const helpers = join(CORPUS, '../../testing/helpers.py');
  const expected = new Map<string, { addresses: string[]; temporary: boolean }>();
  if (!existsSync(helpers)) return expected;
  const source = readFileSync(helpers, 'utf8');
  const data = source.slice(source.indexOf('DATA = ('));
  for (const match of data.matchAll(/\('\w+', '([\w.]+)',\s*\[([^\]]*)\](, True)?\)/g)) {
    const addresses = [...match[2]!.matchAll(/b'([^']+)'/g)].map((m) => m[1]!);
    const entry = expected.get(match[1]!) ?? { addresses: [], temporary: Boolean(match[3]) };
    entry.addresses.push(...addresses.filter((a) => !entry.addresses.includes(a)));
    expected.set(match[1]!, entry);
  }
  return expected;
}

const outgoing = await startSmtpServer();
afterAll(() => outgoing.close());
const clock = fixedClock('2026-03-02T09:00:00.000Z');
const app = await buildTestApp({
  clock,
  transport: createSmtpTransport(`smtp://127.0.0.1:${outgoing.port}`),
  // These tests are about where mail goes, not the undo-send hold (issue 9): letters leave at once.
  env: { SEND_HOLD_MINUTES: '0' },
});
const listener = await startInboundSmtp({
  inbound: app.services.inbound,
  port: 0,
  host: '127.0.0.1',
  log: app.log,
  perSenderPerMinute: 1000,
});
afterAll(() => listener.close());
const mailServer = nodemailer.createTransport({
  host: '127.0.0.1',
  port: listener.port,
  secure: false,
  ignoreTLS: true,
});
afterAll(() => mailServer.close());

const actor = { userId: null, label: 'test' };
let counter = 0;

/** A campaign with one letter emailed to one company per entry, each with these contacts. */
function sendLetter(contactsPerCompany: string[][]) {
  counter++;
  const companies = contactsPerCompany.map((emails, i) =>
    app.services.companies.create(
      {
        name: `Bounce ${counter}-${i}`,
        country: 'FR',
        contacts: emails.map((email) => ({ function: 'ir' as const, email })),
      },
      actor,
    ),
  );
  const campaign = app.services.campaigns.create({ name: `Bounces ${counter}`, public: true }, actor);
  const letter = app.services.letters.create(
    campaign.id,
    {
      title: `Letter ${counter}`,
      body: 'Dear {{company.name}}',
      questions: ['What is your exposure?'],
      companyIds: companies.map((c) => c.id),
    },
    actor,
  );
  app.services.letters.approve(letter.id, actor);
  const { dispatches } = app.services.sending.send(letter.id, {}, actor);
  return { campaign, dispatches: companies.map((c) => dispatches.find((d) => d.companyId === c.id)!) };
}

function detail(dispatchId: number) {
  return app.services.dispatches.detail(app.services.dispatches.get(dispatchId));
}

/** As a mail server returns a report: to the envelope sender, from the null sender. */
function bounceTo(address: string, raw: Buffer | string) {
  return mailServer.sendMail({ envelope: { from: '', to: [address] }, raw });
}

describe('VERP envelope senders', () => {
  it('sends each letter from its dispatch bounce address and each email to a person from its own', async () => {
    const { dispatches } = sendLetter([['ir@verp-one.example', 'board@verp-one.example']]);
    const dispatch = dispatches[0]!;
    app.services.users.invite(
      { email: 'verp-invitee@example.org', name: 'Invitee', role: 'member' },
      { ...actor, userId: null },
    );
    await app.jobs.outbox.deliverDue();
    const letters = outgoing.received.filter((r) => r.envelopeTo[0]?.endsWith('@verp-one.example'));
    expect(letters).toHaveLength(2);
    for (const mail of letters) {
      expect(mail.envelopeFrom).toBe(`bounce+${dispatch.bounceToken}@docket.test`);
      expect(mail.mail.replyTo?.text).toBe(`reply+${dispatch.replyToken}@docket.test`);
    }
    const invitation = outgoing.received.find((r) => r.envelopeTo[0] === 'verp-invitee@example.org')!;
    expect(invitation.mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(invitation.mail.to).toMatchObject({
      value: [{ name: 'Invitee', address: 'verp-invitee@example.org' }],
    });
    expect(letters[0]!.mail.headers.get('auto-submitted')).toBeUndefined();
    expect(invitation.envelopeFrom).toMatch(/^bounce\+m[A-Za-z0-9_-]{16}@docket\.test$/);
    expect(invitation.envelopeFrom).not.toBe(letters[0]!.envelopeFrom);
  });
});

describe('.eml files', () => {
  it('writes CRLF line ends throughout', async () => {
    const fileApp = await buildTestApp({ clock });
    fileApp.services.users.invite({ email: 'eml@example.org', name: 'Eml Person', role: 'member' }, actor);
    await fileApp.jobs.outbox.deliverDue();
    const dir = fileApp.config.mailDir;
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    const raw = readFileSync(join(dir, file!), 'latin1');
    expect(raw).toContain('\r\n');
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe.skipIf(!corpusFiles.length)('real bounces (python3-flufl.bounce test data)', () => {
  it('files every one, sent to its dispatch bounce address, as a bounce on that dispatch; no public label changes', async () => {
    const expected = expectedFailures();
    // Two contacts where flufl names the failed address, so the report itself must say which one failed.
    const contacts = corpusFiles.map((file) => {
      const named = expected.get(file)?.addresses ?? [];
      return named.length
        ? [...named, `decoy-${file.replace('.txt', '')}@unrelated.example`]
        : ['ir@one.example'];
    });
    const { dispatches } = sendLetter(contacts);
    const before = dispatches.map((d) => detail(d.id).publicLabel);

    let named = 0;
    let namedRight = 0;
    let severityRight = 0;
    for (const [i, file] of corpusFiles.entries()) {
      const dispatch = dispatches[i]!;
      await bounceTo(`bounce+${dispatch.bounceToken}@docket.test`, readFileSync(join(CORPUS, file)));
      const after = detail(dispatch.id);
      expect(after.responses, file).toHaveLength(1);
      expect(after.responses[0], file).toMatchObject({ kind: 'bounce', source: 'email', reviewed: false });
      expect(after.status, file).toBe('sent');
      expect(after.publicLabel, file).toBe(before[i]);

      const want = expected.get(file);
      if (!want?.addresses.length) continue;
      named++;
      const failures = app.repos.deliveryFailures.listForDispatch(dispatch.id);
      const wanted = want.addresses.map((a) => a.toLowerCase());
      if (failures.length && failures.every((f) => wanted.includes(f.recipient!.toLowerCase()))) namedRight++;
      if (failures.length && failures.every((f) => f.permanent === !want.temporary)) severityRight++;
    }
    console.log(
      `bounce corpus: ${corpusFiles.length} reports, all filed as bounces; failed recipient found in ${namedRight} of ${named} that name one; permanent/temporary right in ${severityRight} of ${named}`,
    );
    expect(corpusFiles.length).toBeGreaterThanOrEqual(100);
    expect(namedRight / named).toBeGreaterThan(0.9);
    expect(severityRight / named).toBeGreaterThan(0.9);
  }, 120_000);
});

describe('delivery reports', () => {
  const dsn = (recipient: string, action: string, status: string) =>
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.company.example>',
      'To: someone@docket.test',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <dsn-${recipient}-${status}@mx.company.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'I am sorry to have to inform you that your message could not be delivered.',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.company.example',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      `Action: ${action}`,
      `Status: ${status}`,
      `Diagnostic-Code: smtp; ${status.startsWith('5') ? '550 5.1.1 User unknown' : '451 4.4.1 Try again later'}`,
      '',
      '--B--',
      '',
    ].join('\r\n');

  it('marks a permanently failed contact; once every contact failed and staff confirm, the dispatch is bounced and leaves the denominators', async () => {
    const { campaign, dispatches } = sendLetter([['ir@gone.example', 'cfo@gone.example']]);
    const dispatch = dispatches[0]!;
    const address = `bounce+${dispatch.bounceToken}@docket.test`;

    await bounceTo(address, dsn('cfo@gone.example', 'delayed', '4.4.1'));
    await bounceTo(address, dsn('ir@gone.example', 'failed', '5.1.1'));
    const failures = app.repos.deliveryFailures.listForDispatch(dispatch.id);
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recipient: 'cfo@gone.example', permanent: false, statusCode: '4.4.1' }),
        expect.objectContaining({
          recipient: 'ir@gone.example',
          permanent: true,
          statusCode: '5.1.1',
          diagnostic: '550 5.1.1 User unknown',
        }),
      ]),
    );
    const [first, second] = detail(dispatch.id).responses;
    app.services.dispatches.reviewResponse(first!.id, { kind: 'bounce', reviewed: true }, actor);
    app.services.dispatches.reviewResponse(second!.id, { kind: 'bounce', reviewed: true }, actor);
    // Only one of two contacts failed for good: the letter may still have arrived.
    expect(detail(dispatch.id).status).toBe('sent');

    await bounceTo(address, dsn('cfo@gone.example', 'failed', '5.2.1'));
    const third = detail(dispatch.id).responses.find((r) => !r.reviewed)!;
    app.services.dispatches.reviewResponse(third.id, { kind: 'bounce', reviewed: true }, actor);
    expect(detail(dispatch.id).status).toBe('bounced');
    const stats = app.services.stats.forCampaign(campaign.id);
    expect(stats).toMatchObject({ dispatches: 1, bounced: 1 });
    expect(stats.responseRate.denominator).toBe(0);

    const company = await app.inject({
      method: 'GET',
      url: `/api/companies/${dispatch.companyId}`,
      headers: { authorization: `Bearer ${app.services.auth.createApiToken((await staffUser()).id, 't')}` },
    });
    expect(company.json().contacts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          email: 'ir@gone.example',
          deliveryFailure: expect.objectContaining({
            statusCode: '5.1.1',
            diagnostic: '550 5.1.1 User unknown',
          }),
        }),
      ]),
    );
  });

  it('recognises a delivery report sent to the reply address, and never files it as an answer', async () => {
    const { dispatches } = sendLetter([['ir@replybounce.example']]);
    const dispatch = dispatches[0]!;
    await bounceTo(
      `reply+${dispatch.replyToken}@docket.test`,
      dsn('ir@replybounce.example', 'failed', '5.1.1'),
    );
    const after = detail(dispatch.id);
    expect(after.responses).toEqual([expect.objectContaining({ kind: 'bounce' })]);
    expect(after.status).toBe('sent');
  });

  it('keeps an ARF abuse report apart from the responses', async () => {
    const { dispatches } = sendLetter([['ir@abuse.example']]);
    const dispatch = dispatches[0]!;
    const arf = [
      'From: abuse@mailbox-provider.example',
      'To: postmaster@docket.test',
      'Subject: FW: Abuse report',
      'Message-ID: <arf-1@mailbox-provider.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="A"',
      '',
      '--A',
      'Content-Type: text/plain',
      '',
      'This is an email abuse report for an email message received from IP 192.0.2.1.',
      '',
      '--A',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'User-Agent: SomeGenerator/1.0',
      'Version: 1',
      '',
      '--A--',
      '',
    ].join('\r\n');
    await bounceTo(`bounce+${dispatch.bounceToken}@docket.test`, arf);
    expect(detail(dispatch.id).responses).toHaveLength(0);
    expect(app.services.inbound.listAbuseReports()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dispatchId: dispatch.id, category: 'abuse_report' }),
      ]),
    );
    expect(app.services.inbound.listInbox().some((m) => m.subject === 'FW: Abuse report')).toBe(false);
  });
});

let staffCounter = 0;
async function staffUser() {
  staffCounter++;
  const { user } = await app.services.auth.createUser(
    {
      email: `bounce-staff${staffCounter}@example.org`,
      name: 'Staff',
      role: 'staff',
      password: 'x'.repeat(12),
    },
    actor,
  );
  return user!;
}
