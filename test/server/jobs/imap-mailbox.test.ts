import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImapUrl, pollMailbox } from '../../../server/jobs/imap-mailbox.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { buildTestApp, tempDir } from '../../helper.js';
import { closedPort } from './fixtures/smtp.js';

// A real IMAP server: Debian's Dovecot (dovecot-imapd), run in the foreground for this file only.
const DOVECOT = '/usr/sbin/dovecot';
const canRun = existsSync(DOVECOT) && process.getuid?.() === 0;
if (!canRun) {
  const message = `Dovecot not runnable (${DOVECOT}, needs root: apt-get install dovecot-imapd)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! ${message}; the IMAP mailbox test is SKIPPED !!!\n`);
}

const NOBODY = 65534;

async function startDovecot() {
  const dir = tempDir('docket-dovecot-');
  const port = await closedPort();
  chmodSync(dir, 0o755); // the mail user (nobody) must reach its maildir
  mkdirSync(join(dir, 'run'));
  mkdirSync(join(dir, 'mail'));
  chownSync(join(dir, 'mail'), NOBODY, NOBODY);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/run/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 1
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=${NOBODY} gid=${NOBODY} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const url = `imap://coalition%40example.org:secret@127.0.0.1:${port}/INBOX?processed=Docket`;
  for (let i = 0; i < 50; i++) {
    const probe = new ImapFlow({ ...imapOptions(url), logger: false });
    try {
      await probe.connect();
      await probe.logout();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    log: () => (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : ''),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function imapOptions(url: string) {
  const s = parseImapUrl(url);
  return { host: s.host, port: s.port, secure: s.secure, auth: { user: s.user, pass: s.pass } };
}

describe.skipIf(!canRun)('replies read from a real IMAP mailbox (Dovecot)', async () => {
  const dovecot = canRun ? await startDovecot() : undefined;
  afterAll(() => dovecot?.stop());
  const app = await buildTestApp({ clock: fixedClock('2026-03-02T09:00:00.000Z') });
  const actor = { userId: null, label: 'test' };

  it('files what it reads by Message-ID, moves it to the processed folder, and never files a message twice', async () => {
    const company = app.services.companies.create(
      { name: 'Mailbox Co', country: 'GB', contacts: [{ function: 'ir', email: 'ir@mailbox-co.example' }] },
      actor,
    );
    const campaign = app.services.campaigns.create({ name: 'Mailbox' }, actor);
    const letter = app.services.letters.create(
      campaign.id,
      { title: 'Mailbox letter', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: [company.id] },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    const dispatch = app.services.sending.send(letter.id, {}, actor).dispatches[0]!;
    const sent = app.repos.outbox.list().find((m) => m.dispatchId === dispatch.id)!;

    // The company answers the coalition's shared mailbox (its own address, not a reply+ one).
    const reply = [
      'From: IR <ir@mailbox-co.example>',
      'To: coalition@example.org',
      'Subject: Re: Mailbox letter',
      'Message-ID: <imap-reply-1@mailbox-co.example>',
      `In-Reply-To: ${sent.messageId}`,
      '',
      'Our answer, sent to your shared mailbox.',
      '',
    ].join('\r\n');
    const stray =
      'From: news@news.example\r\nTo: coalition@example.org\r\nSubject: Newsletter\r\nMessage-ID: <news-1@news.example>\r\n\r\nNews.\r\n';
    const client = new ImapFlow({ ...imapOptions(dovecot!.url), logger: false });
    await client.connect();
    await client.append('INBOX', reply);
    await client.append('INBOX', stray);

    const settings = parseImapUrl(dovecot!.url);
    const first = await pollMailbox({ inbound: app.services.inbound, settings, log: app.log });
    expect(first, dovecot!.log()).toEqual({ received: 2, duplicates: 0, tooLarge: 0, failed: 0 });
    const detail = app.services.dispatches.detail(app.services.dispatches.get(dispatch.id));
    expect(detail.responses).toEqual([
      expect.objectContaining({ kind: 'substantive', reviewed: false, source: 'email' }),
    ]);
    expect(app.services.inbound.listInbox().map((m) => m.subject)).toContain('Newsletter');

    const inbox = await client.status('INBOX', { messages: true });
    const processed = await client.status('Docket', { messages: true });
    expect(inbox ? inbox.messages : undefined).toBe(0);
    expect(processed ? processed.messages : undefined).toBe(2);

    // Delivered again (a rule copied it back): stored once, moved again.
    await client.append('INBOX', reply);
    const second = await pollMailbox({ inbound: app.services.inbound, settings, log: app.log });
    expect(second).toEqual({ received: 0, duplicates: 1, tooLarge: 0, failed: 0 });
    expect(app.services.dispatches.detail(app.services.dispatches.get(dispatch.id)).responses).toHaveLength(
      1,
    );
    await client.logout();
  });
});
