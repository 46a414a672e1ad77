import { setTimeout as sleep } from 'node:timers/promises';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser, csrfFrom, type TestApp } from '../../../helper.js';

/** Issue 15 item 12: the zip of every copy runs in the background and shows its progress. */
describe('zip export with a progress page', () => {
  const clock = fixedClock('2024-05-06T09:00:00Z');
  const COMPANIES = 12;
  let app: TestApp;
  let letterId: number;
  let session: Awaited<ReturnType<typeof browserSession>>;
  let other: Awaited<ReturnType<typeof browserSession>>;

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    const f = factories(app);
    const companies = Array.from({ length: COMPANIES }, (_, i) => f.company({ name: `Zip Co ${i}` }));
    const campaign = f.campaign({ name: 'Zip campaign' });
    letterId = f.sentLetter(
      campaign.id,
      companies.map((c) => c.id),
      { title: 'Zipped letter' },
    ).letter.id;
    session = await browserSession(app, (await createUser(app, 'staff')).email);
    other = await browserSession(app, (await createUser(app, 'staff')).email);
  });

  async function start() {
    const started = await session.post(`/letters/${letterId}/export`, {}, `/letters/${letterId}`);
    expect(started.statusCode).toBe(302);
    const location = started.headers.location as string;
    expect(location).toMatch(/^\/tasks\/\d+$/);
    return Number(location.split('/').pop());
  }

  it('starts from the letter page, answers at once, shows a bar that moves, then the download', async () => {
    const letterPage = await session.get(`/letters/${letterId}`);
    expect(letterPage.body).toContain(`action="/letters/${letterId}/export"`);
    const id = await start();

    const page = await session.get(`/tasks/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      new RegExp(`<progress id="task-progress-bar" value="\\d+" max="${COMPANIES}">`),
    );
    // Without JavaScript the page reloads itself while the work runs.
    expect(page.body).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(page.body).toContain(`data-task-status-url="/api/tasks/${id}"`);

    const seen: { status: string; done: number }[] = [];
    for (let i = 0; i < 600; i++) {
      const status = (await session.get(`/api/tasks/${id}`)).json();
      seen.push({ status: status.status, done: status.done });
      expect(status.total).toBe(COMPANIES);
      if (status.status !== 'running') break;
      await sleep(20);
    }
    const last = seen.at(-1)!;
    expect(last).toEqual({ status: 'done', done: COMPANIES });
    const dones = seen.map((s) => s.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(
      dones.some((d) => d > 0 && d < COMPANIES),
      `progress seen: ${dones.join(',')}`,
    ).toBe(true);

    const finished = await session.get(`/tasks/${id}`);
    expect(finished.body).not.toContain('http-equiv="refresh"');
    expect(finished.body).toContain(`href="/tasks/${id}/download"`);
    expect(finished.body).toMatch(new RegExp(`value="${COMPANIES}" max="${COMPANIES}"`));

    const download = await session.get(`/tasks/${id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toMatch(/zipped-letter-dispatches\.zip"$/);
    const files = Object.keys(unzipSync(new Uint8Array(download.rawPayload)));
    expect(files).toHaveLength(COMPANIES * 4);
  });

  it('keeps a task to the person who started it', async () => {
    const id = await start();
    expect((await other.get(`/api/tasks/${id}`)).statusCode).toBe(404);
    expect((await other.get(`/tasks/${id}`)).statusCode).toBe(404);
    expect((await other.get(`/tasks/${id}/download`)).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/tasks/${id}` })).statusCode).toBe(401);
    await app.services.tasks.settled();
  });

  it('refuses a download before the work is done and reports work cut off by a stop', async () => {
    const user = await createUser(app, 'staff');
    const stopped = await browserSession(app, user.email);
    const row = app.repos.backgroundTasks.insert({ kind: 'letter-zip', letterId, userId: user.id, total: 5 });
    app.repos.backgroundTasks.progress(row.id, 2);
    const early = await stopped.get(`/tasks/${row.id}/download`);
    expect(early.statusCode).toBe(409);
    expect((await stopped.get(`/api/tasks/${row.id}`)).json()).toMatchObject({ status: 'running', done: 2 });
    clock.set('2024-05-06T09:11:00Z');
    const status = (await stopped.get(`/api/tasks/${row.id}`)).json();
    expect(status).toMatchObject({ status: 'failed', done: 2, downloadUrl: null });
    expect(status.message).toMatch(/interrupted/);
    clock.set('2024-05-06T09:00:00Z');
  });

  it('refuses to export a letter that was never sent, starting nothing', async () => {
    const f = factories(app);
    const draft = app.services.letters.create(
      f.campaign().id,
      { title: 'Draft', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: [f.company().id] },
      f.actor,
    );
    const page = await session.get(`/letters/${draft.id}`);
    const response = await app.inject({
      method: 'POST',
      url: `/letters/${draft.id}/export`,
      cookies: session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrfFrom(page.body))}`,
    });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('nothing to export');
  });
});
