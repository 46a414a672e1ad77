import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../server/lib/clock.js';
import { seedDemo } from '../../server/services/demo-seed-service.js';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

/** axe-core's browser build, injected into each page with addScriptTag. */
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
/** `DOCKET_SCREENSHOTS=1 npx vitest run test/browser/accessibility.browser.test.ts` rewrites the README's pictures. */
const SCREENSHOTS = process.env.DOCKET_SCREENSHOTS === '1';
const SCREENSHOT_DIR = join(import.meta.dirname, '../../docs/screenshots');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describeBrowser('accessibility of the main pages (axe-core and the keyboard)', () => {
  let app: TestApp;
  let browser: Browser;
  let baseURL: string;
  let adminEmail: string;
  let session: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
  const contexts: BrowserContext[] = [];
  const paths: Record<string, string> = {};
  let draftLetterId: number;
  let approvedLetterId: number;
  let signPath: string;
  let demoCampaignId: number;

  async function newPage(
    options: { loggedIn?: boolean; viewport?: { width: number; height: number }; javaScript?: boolean } = {},
  ): Promise<Page> {
    const { loggedIn = true, viewport = LAPTOP, javaScript = true } = options;
    const context = await browser.newContext({
      baseURL,
      viewport,
      javaScriptEnabled: javaScript,
      storageState: loggedIn ? session : undefined,
      // axe-core is injected as a script; the pages' CSP (script-src 'self') would refuse it.
      bypassCSP: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    if (loggedIn && !session) {
      // The login route is rate-limited: log in through the form once, then reuse the session.
      await page.goto('/login');
      await page.getByLabel('Email').fill(adminEmail);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      session = await context.storageState();
    }
    return page;
  }

  async function firstLink(page: Page, path: string, prefix: string): Promise<string> {
    await page.goto(path);
    const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute('href');
    if (!href) throw new Error(`no link to ${prefix} on ${path}`);
    return href;
  }

  async function axe(page: Page): Promise<AxeViolation[]> {
    await page.addScriptTag({ path: AXE_SOURCE });
    const { passes, violations } = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: { run(context: Document): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
        }
      ).axe.run(document);
      return { passes: result.passes.length, violations: result.violations };
    });
    // axe really looked: a page passes dozens of its rules.
    expect(passes, page.url()).toBeGreaterThan(10);
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  }

  /**
   * Tabs through every stop of the page, from the top until focus comes back round. For each stop:
   * its outline and box shadow while focused, then the same element's without focus.
   */
  async function focusSweep(page: Page) {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: { index: number; name: string; focused: string }[] = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate((index) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        if (el.dataset.focusStop) return 'again';
        el.dataset.focusStop = String(index);
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          index,
          name: `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').trim().slice(0, 40)}"`,
          focused: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} | ${style.boxShadow} | visible ${box.width > 0 && box.height > 0}`,
        };
      }, i);
      if (stop === null || stop === 'again') break;
      stops.push(stop);
    }
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const unfocused = await page.evaluate(() =>
      Object.fromEntries(
        Array.from(document.querySelectorAll<HTMLElement>('[data-focus-stop]')).map((el) => {
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return [
            el.dataset.focusStop!,
            `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} | ${style.boxShadow} | visible ${box.width > 0 && box.height > 0}`,
          ];
        }),
      ),
    );
    return stops.map((s) => ({ ...s, unfocused: unfocused[String(s.index)]! }));
  }

  /** Presses Enter on the focused control and waits for the page it leads to. */
  async function enterAndWait(page: Page) {
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }

  /** Presses Tab until the focused element's text or label starts with `name`; fails after 300 stops. */
  async function tabTo(page: Page, name: string | RegExp) {
    for (let i = 0; i < 300; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return '';
        const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
        return `${el.getAttribute('aria-label') ?? ''}${el.textContent ?? ''}${labelled}`
          .replace(/\s+/g, ' ')
          .trim();
      });
      if (typeof name === 'string' ? label.startsWith(name) : name.test(label)) return;
    }
    throw new Error(`no tab stop named ${name}`);
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock: fixedClock('2026-03-02T10:00:00Z') });
    const demo = seedDemo({ repos: app.repos, config: app.config, today: '2026-03-02' });
    demoCampaignId = demo.campaignId;
    const actor = { userId: null, label: 'setup' };
    const companyIds = app.repos.letters.companyIds(demo.letterIds.round);
    const signOn = app.services.letters.create(
      demo.campaignId,
      { title: 'Open for signatures', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds },
      actor,
    );
    app.services.signOn.open(signOn.id, '2026-03-20T17:00:00Z', actor);
    signPath = new URL(app.services.signOn.links(app.services.letters.get(signOn.id))[0]!.url).pathname;
    draftLetterId = app.services.letters.create(
      demo.campaignId,
      {
        title: 'Transition plan questions',
        body: 'Dear {{company.name}},\n\nWe ask about your transition plan.',
        questions: ['When will you publish the plan?'],
        companyIds: companyIds.slice(0, 3),
      },
      actor,
    ).id;
    approvedLetterId = app.services.letters.create(
      demo.campaignId,
      {
        title: 'Ready to go',
        body: 'Dear {{company.name}}',
        questions: ['Q?'],
        companyIds: companyIds.slice(0, 2),
      },
      actor,
    ).id;
    app.services.letters.approve(approvedLetterId, actor);
    adminEmail = (await createUser(app, 'admin', { name: 'Alex Coordinator' })).email;
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();

    const page = await newPage();
    const letter = `/letters/${demo.letterIds.round}`;
    Object.assign(paths, {
      dashboard: '/',
      board: `/campaigns/${demo.campaignId}`,
      statistics: `/campaigns/${demo.campaignId}/stats`,
      letter,
      dispatch: await firstLink(page, letter, '/dispatches/'),
      'letter editor': `/letters/${draftLetterId}/edit`,
      'public tracker': `/public/campaigns/${demo.campaignId}`,
      'sign page': signPath,
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
    if (app) rmSync(app.config.dataDir, { recursive: true, force: true });
  });

  it('finds no serious or critical axe-core violation on the main pages', async () => {
    const found: string[] = [];
    const loggedOut = await newPage({ loggedIn: false });
    await loggedOut.goto('/login');
    for (const v of await axe(loggedOut))
      found.push(`login: ${v.impact} ${v.id} (${v.help}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    const page = await newPage();
    for (const [name, path] of Object.entries(paths)) {
      const response = await page.goto(path);
      expect(response?.status(), `${name} ${path}`).toBe(200);
      for (const v of await axe(page)) {
        found.push(
          `${name}: ${v.impact} ${v.id} (${v.help}) at ${JSON.stringify(v.nodes.map((n) => n.target).slice(0, 5))}`,
        );
      }
    }
    const serious = found.filter((line) => / (serious|critical) /.test(line));
    expect(serious).toEqual([]);
  });

  it('shows a visible focus on every tab stop of the main pages', async () => {
    const page = await newPage();
    const invisible: string[] = [];
    let total = 0;
    const sweep = async (name: string) => {
      const stops = await focusSweep(page);
      expect(stops.length, name).toBeGreaterThan(2);
      total += stops.length;
      for (const stop of stops) {
        if (stop.focused === stop.unfocused || !stop.focused.endsWith('visible true')) {
          invisible.push(`${name}: ${stop.name}: ${stop.focused}`);
        }
      }
    };
    for (const [name, path] of Object.entries(paths)) {
      await page.goto(path);
      await sweep(name);
    }
    const loggedOut = await newPage({ loggedIn: false });
    await loggedOut.goto('/login');
    const stops = await focusSweep(loggedOut);
    for (const stop of stops) {
      if (stop.focused === stop.unfocused) invisible.push(`login: ${stop.name}: ${stop.focused}`);
    }
    expect(invisible).toEqual([]);
    expect(total).toBeGreaterThan(50);
  });

  it('does the main actions with the keyboard only: approve, send, record a response, sign', async () => {
    const page = await newPage();
    // Approve the draft.
    await page.goto(`/letters/${draftLetterId}`);
    await tabTo(page, /^Approve$/);
    await enterAndWait(page);
    expect(app.services.letters.get(draftLetterId).status).toBe('approved');

    // Send the approved letter by post: the review page, then the confirmation.
    await page.goto(`/letters/${approvedLetterId}`);
    await tabTo(page, /Send by/);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)).toBe('post');
    await tabTo(page, 'Review and send');
    await enterAndWait(page);
    expect(new URL(page.url()).pathname).toBe(`/letters/${approvedLetterId}/send`);
    await tabTo(page, 'Send to 2 companies');
    await enterAndWait(page);
    expect(new URL(page.url()).pathname).toBe(`/letters/${approvedLetterId}`);
    expect(app.services.letters.get(approvedLetterId).status).toBe('sent');

    // Record a response on a dispatch.
    const dispatchId = Number(paths.dispatch!.split('/').pop());
    const before = app.repos.dispatches.responses(dispatchId).length;
    await page.goto(paths.dispatch!);
    // The one record-and-assess form is open on the page: its date is today, its kind substantive.
    await tabTo(page, 'Text of the response');
    await page.keyboard.type('We will publish our plan in June.');
    await tabTo(page, 'Save response and assessments');
    await enterAndWait(page);
    expect(app.repos.dispatches.responses(dispatchId).length).toBe(before + 1);

    // Sign through the sign-on link, logged out.
    const signer = await newPage({ loggedIn: false });
    await signer.goto(signPath);
    await tabTo(signer, 'Your name');
    await signer.keyboard.type('Robin Keyboard');
    await tabTo(signer, 'Sign for');
    await enterAndWait(signer);
    expect(await signer.locator('main').textContent()).toContain('Robin Keyboard signed');
  });

  it('shows the statistics charts with JavaScript turned off', async () => {
    const page = await newPage({ javaScript: false });
    await page.goto(paths.statistics!);
    const charts = page.locator('figure.chart svg[role="img"]');
    expect(await charts.count()).toBe(4);
    for (const chart of await charts.all()) {
      expect(await chart.isVisible()).toBe(true);
      expect((await chart.boundingBox())!.height).toBeGreaterThan(40);
    }
    expect(await page.getByRole('img', { name: 'Response rate by sector' }).count()).toBe(1);
    expect(await page.locator('figure.chart rect.bar').count()).toBeGreaterThan(4);
  });

  /** A full-width strip of the page (page coordinates) from a little above `selector`, `height` tall. */
  async function pageBox(page: Page, selector: string, height: number) {
    const top = await page
      .locator(selector)
      .first()
      .evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    const y = Math.max(0, top - 24);
    return { x: 0, y, width: LAPTOP.width, height: Math.min(height, pageHeight - y) };
  }

  it.skipIf(!SCREENSHOTS)('writes the README screenshots (DOCKET_SCREENSHOTS=1)', async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const page = await newPage();
    const shots: [string, string][] = [
      ['dashboard', paths.dashboard!],
      ['board', paths.board!],
      ['dispatch', paths.dispatch!],
      ['letter-editor', paths['letter editor']!],
      ['statistics', paths.statistics!],
    ];
    for (const [name, path] of shots) {
      await page.goto(path);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
    }
    // The charts below the first one: by sector, by country and the time to respond.
    await page.goto(paths.statistics!);
    await page.screenshot({
      path: join(SCREENSHOT_DIR, 'statistics-charts.png'),
      fullPage: true,
      clip: await pageBox(page, 'h2:has-text("By sector")', LAPTOP.height),
    });
    // The board's "overdue" quick view with two companies picked for a bulk action.
    await page.goto(`${paths.board!}?view=overdue#board`);
    for (const box of (await page.locator('input[name="dispatchIds"]').all()).slice(0, 2)) await box.check();
    await page.getByLabel('Action for the selected companies').selectOption('follow_up');
    await page.screenshot({
      path: join(SCREENSHOT_DIR, 'board-quick-view.png'),
      fullPage: true,
      clip: await pageBox(page, '#board', 620),
      animations: 'disabled',
    });
    const visitor = await newPage({ loggedIn: false });
    await visitor.goto(`/public/campaigns/${demoCampaignId}`);
    await visitor.screenshot({ path: join(SCREENSHOT_DIR, 'public-tracker.png') });
    const phone = await newPage({ viewport: PHONE });
    await phone.goto(paths.board!);
    await phone.screenshot({ path: join(SCREENSHOT_DIR, 'phone-board.png') });
  });
});
