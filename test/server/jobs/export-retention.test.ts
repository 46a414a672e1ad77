import { existsSync, rmSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../server/jobs/run-due-jobs.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { EXPORT_RETENTION_DAYS } from '../../../server/services/background-tasks-service.js';
import { factories } from '../../factories.js';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../helper.js';

/** Zip exports are files on disk: the scheduled jobs delete them a week after they were made. */
describe('retention of zip export files', () => {
  const START = '2024-05-06T09:00:00Z';
  const clock = fixedClock(START);
  const at = (days: number, hours = 0) =>
    new Date(Date.parse(START) + days * 86_400_000 + hours * 3_600_000).toISOString();
  let app: TestApp;
  let letterId: number;
  let session: Awaited<ReturnType<typeof browserSession>>;

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    const f = factories(app);
    const companies = [f.company({ name: 'Kept Co' }), f.company({ name: 'Deleted Co' })];
    const campaign = f.campaign({ name: 'Retention campaign' });
    letterId = f.sentLetter(
      campaign.id,
      companies.map((c) => c.id),
      { title: 'Kept a week' },
    ).letter.id;
    session = await browserSession(app, (await createUser(app, 'staff')).email);
  });

  /** Starts a zip export from the letter page's form and waits for it: the new task's id. */
  async function exportZip(formPage = `/letters/${letterId}`): Promise<number> {
    const started = await session.post(`/letters/${letterId}/export`, {}, formPage);
    expect(started.statusCode).toBe(302);
    await app.services.tasks.settled();
    return Number((started.headers.location as string).split('/').pop());
  }

  const fileOf = (id: number) => app.repos.backgroundTasks.find(id)!.resultPath;

  it('keeps a finished file for the retention period, then deletes it, once, and says so', async () => {
    expect(EXPORT_RETENTION_DAYS).toBe(7);
    clock.set(START);
    const old = await exportZip();
    const oldFile = fileOf(old)!;
    expect(existsSync(oldFile)).toBe(true);
    clock.set(at(3));
    const recent = await exportZip();
    const recentFile = fileOf(recent)!;

    // A day short of the week: nothing goes.
    clock.set(at(6, 23));
    expect((await runDueJobs(app, clock.now())).exports).toEqual({ deleted: 0, errors: [] });
    expect(existsSync(oldFile)).toBe(true);
    expect((await session.get(`/tasks/${old}/download`)).statusCode).toBe(200);

    // Past the week: the first file is deleted, the one made three days later is kept.
    clock.set(at(7, 1));
    expect((await runDueJobs(app, clock.now())).exports).toEqual({ deleted: 1, errors: [] });
    expect(existsSync(oldFile)).toBe(false);
    expect(existsSync(recentFile)).toBe(true);
    expect(app.repos.backgroundTasks.find(old)).toMatchObject({ status: 'expired', resultPath: null });
    // Run again: nothing more to do, nothing fails.
    expect((await runDueJobs(app, clock.now())).exports).toEqual({ deleted: 0, errors: [] });
    expect(existsSync(recentFile)).toBe(true);

    const status = (await session.get(`/api/tasks/${old}`)).json();
    expect(status).toMatchObject({ status: 'expired', downloadUrl: null });
    expect(status.message).toMatch(/deleted: files are kept for 7 days/);
    const download = await session.get(`/tasks/${old}/download`);
    expect(download.statusCode).toBe(410);
    expect(download.body).toContain('Build it again');

    // Ten days on, the second goes too.
    clock.set(at(10, 1));
    expect((await runDueJobs(app, clock.now())).exports).toEqual({ deleted: 1, errors: [] });
    expect(existsSync(recentFile)).toBe(false);
  });

  it('finishes the row when the file is already gone (a run cut off after deleting it)', async () => {
    clock.set(START);
    const id = await exportZip();
    rmSync(fileOf(id)!);
    clock.set(at(8));
    expect((await runDueJobs(app, clock.now())).exports).toEqual({ deleted: 1, errors: [] });
    expect(app.repos.backgroundTasks.find(id)?.status).toBe('expired');
  });

  it('the page of an expired task says the file expired and builds it again, instead of a broken link', async () => {
    clock.set(START);
    const id = await exportZip();
    clock.set(at(8));
    await runDueJobs(app, clock.now());

    const page = await session.get(`/tasks/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Expired: ');
    expect(page.body).toContain('The zip was deleted: files are kept for 7 days after they are made.');
    expect(page.body).not.toContain(`/tasks/${id}/download`);
    expect(page.body).not.toContain('Download the zip');
    expect(page.body).toContain(
      `<form method="post" action="/letters/${letterId}/export" class="task-rebuild">`,
    );
    expect(page.body).toContain('Build the zip again');

    // The button on that page starts a new export, which downloads.
    const again = await exportZip(`/tasks/${id}`);
    expect(again).not.toBe(id);
    const rebuilt = await session.get(`/tasks/${again}`);
    expect(rebuilt.body).toContain(`href="/tasks/${again}/download"`);
    const download = await session.get(`/tasks/${again}/download`);
    expect(download.statusCode).toBe(200);
    expect(Object.keys(unzipSync(new Uint8Array(download.rawPayload)))).toHaveLength(2 * 4);
  });
});
