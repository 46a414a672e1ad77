import { beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../db/client.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { factories } from '../../factories.js';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../helper.js';

/**
 * The page cache serves the busiest pages again to the same session until anything in the
 * database changes. Every check compares a page from the cache with the same page rendered afresh
 * for another session of the same person (the only difference is each session's CSRF token).
 */
const sameTokens = (html: string) =>
  html
    .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="…"')
    .replace(/name="csrf-token" content="[^"]+"/g, 'name="csrf-token" content="…"');

interface Fixture {
  app: TestApp;
  clock: ReturnType<typeof fixedClock>;
  make: ReturnType<typeof factories>;
  email: string;
  campaignId: number;
  companyId: number;
  dispatchId: number;
  pages: string[];
}

async function setUp(): Promise<Fixture> {
  const clock = fixedClock('2026-03-02T10:00:00.000Z');
  const app = await buildTestApp({ clock });
  const make = factories(app);
  const coordinator = await createUser(app, 'coordinator');
  const campaign = make.campaign();
  const companies = [make.company({ name: 'Acme Energy' }), make.company({ name: 'Borealis Bank' })];
  const { dispatches } = make.sentLetter(
    campaign.id,
    companies.map((c) => c.id),
  );
  const dispatchId = dispatches[0]!.id;
  return {
    app,
    clock,
    make,
    email: coordinator.email,
    campaignId: campaign.id,
    companyId: companies[0]!.id,
    dispatchId,
    pages: [
      '/',
      `/campaigns/${campaign.id}`,
      `/campaigns/${campaign.id}?sort=company&direction=desc`,
      `/campaigns/${campaign.id}/stats`,
      `/companies/${companies[0]!.id}`,
      `/dispatches/${dispatchId}`,
    ],
  };
}

let f: Fixture;
beforeEach(async () => {
  f = await setUp();
});

/** A signed-in session whose first page was shown (its session record is settled). */
async function signedIn(email: string) {
  const session = await browserSession(f.app, email);
  await session.get('/settings');
  return session;
}

/** Each page twice in one session (the second from the cache) and once in a fresh session. */
async function expectCachedEqualsFresh(pages: string[], { email }: Fixture) {
  const viewer = await signedIn(email);
  const fresh = await signedIn(email);
  for (const url of pages) {
    const first = await viewer.get(url);
    const again = await viewer.get(url);
    const rendered = await fresh.get(url);
    expect(first.statusCode, url).toBe(200);
    expect(first.headers['x-page-cache'], url).toBe('miss');
    expect(again.headers['x-page-cache'], url).toBe('hit');
    expect(again.body, url).toBe(first.body);
    expect(sameTokens(again.body), url).toBe(sameTokens(rendered.body));
  }
  return viewer;
}

describe('page cache', () => {
  it('serves a repeat view from the cache, the same as a fresh render, on every cached page', async () => {
    await expectCachedEqualsFresh(f.pages, f);
  });

  it('renders afresh after each kind of write, and the new page shows it', async () => {
    const viewer = await expectCachedEqualsFresh(f.pages, f);
    const writes: [string, () => unknown, string][] = [
      [
        'a response recorded',
        () => f.make.response(f.dispatchId, { kind: 'substantive', receivedAt: '2026-03-02' }),
        'Responded',
      ],
      [
        'a company renamed',
        () => f.app.services.companies.update(f.companyId, { name: 'Acme Renewables' }, f.make.actor),
        'Acme Renewables',
      ],
      [
        'a campaign renamed',
        () => f.app.services.campaigns.update(f.campaignId, { name: 'Energy Transition 2026' }, f.make.actor),
        'Energy Transition 2026',
      ],
    ];
    for (const [write, run, shows] of writes) {
      run();
      const fresh = await signedIn(f.email);
      for (const url of [`/dispatches/${f.dispatchId}`, `/companies/${f.companyId}`]) {
        const after = await viewer.get(url);
        expect(after.headers['x-page-cache'], `${write}: ${url}`).toBe('miss');
        expect(sameTokens(after.body), `${write}: ${url}`).toBe(sameTokens((await fresh.get(url)).body));
      }
      expect((await viewer.get(`/dispatches/${f.dispatchId}`)).body, write).toContain(shows);
    }
  });

  it('renders afresh after a write by another connection (the jobs worker, a CLI command)', async () => {
    const viewer = await expectCachedEqualsFresh([`/companies/${f.companyId}`], f);
    // A second connection to the file, as the jobs worker and the CLI open it.
    const other = openDatabase(f.app.config.databasePath);
    other.$client.prepare('UPDATE companies SET name = ? WHERE id = ?').run('Acme Hydrogen', f.companyId);
    closeDatabase(other);
    const after = await viewer.get(`/companies/${f.companyId}`);
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.body).toContain('Acme Hydrogen');
  });

  it('renders afresh when the minute changes, so "today" and "overdue" move on', async () => {
    const viewer = await expectCachedEqualsFresh(['/'], f);
    f.clock.set('2026-03-02T10:00:59.000Z');
    expect((await viewer.get('/')).headers['x-page-cache']).toBe('hit');
    f.clock.set('2026-03-02T10:01:00.000Z');
    expect((await viewer.get('/')).headers['x-page-cache']).toBe('miss');
    // Weeks later the letter is overdue: the page says so, nothing from before is served.
    f.clock.set('2026-04-20T10:00:00.000Z');
    const later = await viewer.get(`/dispatches/${f.dispatchId}`);
    expect(later.headers['x-page-cache']).toBe('miss');
    const fresh = await signedIn(f.email);
    expect(sameTokens(later.body)).toBe(sameTokens((await fresh.get(`/dispatches/${f.dispatchId}`)).body));
  });

  it('never serves one session’s page to another session', async () => {
    const member = await createUser(f.app, 'member');
    const asMember = await signedIn(member.email);
    const asCoordinator = await signedIn(f.email);
    await asCoordinator.get('/');
    const memberPage = await asMember.get('/');
    expect(memberPage.headers['x-page-cache']).toBe('miss');
    expect(memberPage.body).toContain(member.name);
    expect(memberPage.body).not.toContain('>Outbox<');
  });

  it('shows a flash message once and keeps no page that carries one', async () => {
    const viewer = await signedIn(f.email);
    await viewer.get(`/companies/${f.companyId}`);
    const saved = await viewer.post(
      `/companies/${f.companyId}`,
      { name: 'Acme Energy', country: 'DE', sector: 'Energy' },
      `/companies/${f.companyId}/edit`,
    );
    expect(saved.statusCode).toBe(302);
    const withFlash = await viewer.get(saved.headers.location as string);
    expect(withFlash.body).toMatch(/class="flash/);
    const next = await viewer.get(saved.headers.location as string);
    expect(next.headers['x-page-cache']).toBe('miss');
    expect(next.body).not.toMatch(/class="flash/);
  });

  it('keeps no error page', async () => {
    const viewer = await browserSession(f.app, f.email);
    for (let i = 0; i < 2; i++) {
      const missing = await viewer.get('/dispatches/999999');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['x-page-cache']).toBe('miss');
    }
  });

  it('leaves pages that are not marked for it alone, and JSON too', async () => {
    const viewer = await browserSession(f.app, f.email);
    for (const url of ['/settings', '/deadlines', `/api/dispatches/${f.dispatchId}`]) {
      await viewer.get(url);
      expect((await viewer.get(url)).headers['x-page-cache'], url).toBeUndefined();
    }
  });
});
