import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildTestApp, createUser } from '../../helper.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('secrets at rest', () => {
  it('delivers a setup link, then removes it from the stored message; .eml files and folders are the owner’s only', async () => {
    const app = await buildTestApp();
    const admin = await createUser(app, 'admin');
    const { url } = app.services.users.invite(
      { email: 'secret@example.org', role: 'admin' },
      { userId: admin.id, label: 'Ada' },
    );
    const queued = app.repos.outbox.list().find((m) => m.toAddress === 'secret@example.org')!;
    expect(queued.text).toContain(url);

    expect(await app.jobs.outbox.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [file] = readdirSync(app.config.mailDir);
    const path = join(app.config.mailDir, file!);
    const mail = await simpleParser(readFileSync(path));
    expect(mail.text).toContain(url);
    expect(mail.html || '').toContain(url);
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(app.config.mailDir)).toBe(0o700);
    expect(modeOf(app.config.databasePath)).toBe(0o600);
    expect(modeOf(app.config.dataDir)).toBe(0o700);

    const stored = app.repos.outbox.findById(queued.id)!;
    const token = url.split('/setup/')[1]!;
    for (const part of [stored.subject, stored.text, stored.html]) expect(part).not.toContain(token);
    expect(stored.text).toContain('[one-time link removed after delivery]');
    expect(stored.html).toContain('[one-time link removed after delivery]');
    expect(stored.secrets).toBeNull();
    const dump = app.db.$client.prepare('SELECT * FROM outbox').all();
    expect(JSON.stringify(dump)).not.toContain(token);
  });
});
