import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEND_LEASE_MS } from '../../../server/jobs/outbox-delivery.js';
import { buildTestApp } from '../../helper.js';
import { startSmtpServer } from './fixtures/smtp.js';

const MESSAGES = 200;
const KILLED_RUNS = 20;
const CHILD = join(import.meta.dirname, 'fixtures', 'drain-child.ts');

// A little latency per message, so a kill lands in the middle of SMTP conversations.
const smtp = await startSmtpServer(0, { delayMs: 2 });
afterAll(() => smtp.close());
const app = await buildTestApp();

function startChild(run: number): {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CHILD,
      app.config.databasePath,
      String(smtp.port),
      String(run * (SEND_LEASE_MS + 1000)),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', () => resolve());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited };
}

describe('a crash at any moment loses no email', () => {
  it(
    'delivers every queued message at least once, duplicates with the same Message-ID, across SIGKILLed workers',
    { timeout: 90_000 },
    async () => {
      const user = app.repos.users.insert({ email: 'crash@example.org', name: 'Crash', role: 'member' });
      const queued = app.repos.transaction(() =>
        Array.from({ length: MESSAGES }, (_, i) =>
          app.services.mailer.queue({
            kind: 'invitation',
            to: `person${i}@example.org`,
            template: 'invitation',
            data: {
              name: `Person ${i}`,
              inviterName: 'Ada',
              instanceName: 'the coalition',
              roleLabel: 'member',
              url: `http://docket.test/setup/${i}`,
              expiresAt: '2026-03-09',
            },
            userId: user.id,
          }),
        ),
      );

      let killedMidway = 0;
      let run = 0;
      for (; run < KILLED_RUNS; run++) {
        const { child, ready, exited } = startChild(run);
        await ready;
        await new Promise((r) => setTimeout(r, Math.random() * 120));
        if (child.exitCode === null) {
          child.kill('SIGKILL');
          killedMidway++;
        }
        await exited;
      }
      // Restart until the outbox is drained, without killing.
      for (let extra = 0; extra < 5; extra++, run++) {
        const { exited } = startChild(run);
        expect(await exited).toBe(0);
        if (app.repos.outbox.list('sent', 1000).length === MESSAGES) break;
      }

      expect(killedMidway).toBeGreaterThan(0);
      expect(app.repos.outbox.list(undefined, 1000).every((m) => m.status === 'sent')).toBe(true);
      const byRecipient = new Map<string, string[]>();
      for (const { envelopeTo, mail } of smtp.received) {
        const ids = byRecipient.get(envelopeTo[0]!) ?? [];
        ids.push(mail.messageId!);
        byRecipient.set(envelopeTo[0]!, ids);
      }
      for (const message of queued) {
        const ids = byRecipient.get(message.toAddress);
        expect(ids, message.toAddress).toBeDefined();
        expect(new Set(ids)).toEqual(new Set([message.messageId]));
      }
      const duplicates = smtp.received.length - MESSAGES;
      console.log(
        `crash test: ${run} runs, ${killedMidway} killed mid-drain, ${smtp.received.length} deliveries for ${MESSAGES} messages (${duplicates} resent after a crash)`,
      );
    },
  );
});
