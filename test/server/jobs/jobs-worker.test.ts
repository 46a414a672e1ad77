import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDueJobsInWorker } from '../../../server/jobs/run-due-jobs.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { buildTestApp, createUser } from '../../helper.js';
import { startSmtpServer } from './fixtures/smtp.js';

describe('the full jobs run in a worker thread (what docket serve does)', async () => {
  const smtp = await startSmtpServer();
  afterAll(() => smtp.close());

  it('delivers the outbox over SMTP from its own connection and the server sees the result', async () => {
    const clock = fixedClock('2026-03-02T09:00:00.000Z');
    const app = await buildTestApp({ clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    const admin = await createUser(app, 'admin');
    app.services.users.invite(
      { email: 'worker@example.org', role: 'member' },
      { userId: admin.id, label: 'Ada' },
    );
    const message = app.repos.outbox.list().find((m) => m.toAddress === 'worker@example.org')!;
    expect(message.status).toBe('queued');

    const result = await runDueJobsInWorker(app.config, clock.now());

    expect(result.outbox).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([message.messageId]);
    expect(app.repos.outbox.findById(message.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('rejects when the run cannot start, instead of hanging the scheduler', async () => {
    const app = await buildTestApp();
    // A database path below a file cannot be opened.
    const databasePath = join(app.config.databasePath, 'docket.db');
    await expect(runDueJobsInWorker({ ...app.config, databasePath }, new Date())).rejects.toThrow(
      /EEXIST|ENOTDIR/,
    );
  });
});
