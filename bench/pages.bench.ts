/**
 * SPEC §7's data set — 5,000 companies, 100,000 dispatches, 500,000 answers — and the pages and
 * API calls a coordinator uses on it, each timed through the real app (routing, auth, views) and
 * reported as a ratio to GET /api/health measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { addDays } from '../server/lib/calendar-dates.js';
import { fixedClock } from '../server/lib/clock.js';

const COMPANIES = 5_000;
const LETTERS = 20;
const QUESTIONS = 5;
const PASSWORD = 'bench password 1234';
/** A page may cost this many health checks before we call it slow (health is ~0.1–0.3 ms). */
const TARGET_RATIO = 1_000;
const ANSWER_STATUSES = ['answered', 'partial', 'not_answered', 'declined', 'commitment'];
const DISPATCH_STATUSES = ['sent', 'sent', 'acknowledged', 'responded', 'declined'];

export function generate(path: string) {
  const db = openDatabase(path);
  migrateDatabase(db);
  const sqlite = db.$client;
  const company = sqlite.prepare('INSERT INTO companies (id, name, country, sector) VALUES (?, ?, ?, ?)');
  const contact = sqlite.prepare(
    "INSERT INTO company_contacts (company_id, function, email) VALUES (?, 'ir', ?)",
  );
  const letter = sqlite.prepare(
    "INSERT INTO letters (id, campaign_id, status, title, body, sent_at) VALUES (?, ?, 'sent', ?, 'Dear {{company.name}},', ?)",
  );
  const question = sqlite.prepare('INSERT INTO questions (id, letter_id, number, text) VALUES (?, ?, ?, ?)');
  const dispatch = sqlite.prepare(
    `INSERT INTO dispatches (id, letter_id, campaign_id, company_id, channel, status, sent_at, due_at, due_explanation, due_rule, escalate_at, reply_token)
     VALUES (?, ?, ?, ?, 'email', ?, ?, ?, 'bench', ?, ?, ?)`,
  );
  const answer = sqlite.prepare(
    'INSERT INTO answers (dispatch_id, question_id, status, quality) VALUES (?, ?, ?, ?)',
  );
  sqlite.exec(`INSERT INTO campaigns (id, name) VALUES (1, 'First campaign'), (2, 'Second campaign')`);
  sqlite.transaction(() => {
    for (let c = 1; c <= COMPANIES; c++) {
      company.run(
        c,
        `Company ${c}`,
        ['US', 'GB', 'DE', 'FR'][c % 4],
        ['Technology', 'Energy', 'Banking'][c % 3],
      );
      contact.run(c, `ir@company${c}.example`);
    }
    sqlite.exec(`INSERT INTO campaign_companies (campaign_id, company_id) SELECT 1, id FROM companies`);
    sqlite.exec(`INSERT INTO campaign_companies (campaign_id, company_id) SELECT 2, id FROM companies`);
    let dispatchId = 0;
    for (let l = 1; l <= LETTERS; l++) {
      const sentDate = addDays('2025-01-06', l * 14);
      letter.run(l, (l % 2) + 1, `Letter ${l}`, `${sentDate}T09:00:00.000Z`);
      for (let q = 1; q <= QUESTIONS; q++)
        question.run((l - 1) * QUESTIONS + q, l, q, `Question ${q} of letter ${l}?`);
      const dueAt = addDays(sentDate, 14);
      const rule = JSON.stringify({
        sentDate,
        responseDays: 14,
        dayCount: 'calendar',
        holidayCountry: null,
        timezone: 'UTC',
      });
      for (let c = 1; c <= COMPANIES; c++) {
        dispatchId++;
        dispatch.run(
          dispatchId,
          l,
          (l % 2) + 1,
          c,
          DISPATCH_STATUSES[dispatchId % 5],
          `${sentDate}T09:00:00.000Z`,
          dueAt,
          rule,
          addDays(dueAt, 14),
          `t${dispatchId}`,
        );
        for (let q = 1; q <= QUESTIONS; q++)
          answer.run(
            dispatchId,
            (l - 1) * QUESTIONS + q,
            ANSWER_STATUSES[(dispatchId + q) % 5],
            (dispatchId + q) % 4,
          );
      }
    }
  })();
  sqlite.exec('ANALYZE');
  db.$client.close();
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'docket-bench-pages-'));
  const path = join(dir, 'bench.db');
  const started = performance.now();
  generate(path);
  const generateMs = performance.now() - started;
  const config = loadConfig({
    DATABASE_PATH: path,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!',
    LOG_LEVEL: 'silent',
  });
  const app = await buildApp(config, { logger: false, clock: fixedClock('2025-09-01T09:00:00Z') });
  try {
    await app.ready();
    const { user } = await app.services.auth.createUser(
      { email: 'bench@example.org', name: 'Bench Coordinator', role: 'coordinator', password: PASSWORD },
      { userId: null, label: 'bench' },
    );
    const bearer = { authorization: `Bearer ${app.services.auth.createApiToken(user!.id, 'bench')}` };
    const loginPage = await app.inject({ url: '/login' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(loginPage.body)![1]!;
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      cookies: Object.fromEntries(loginPage.cookies.map((c) => [c.name, c.value])),
      payload: { _csrf: csrf, email: 'bench@example.org', password: PASSWORD },
    });
    const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));

    const time = async (url: string, asPage: boolean, repeat = 7) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < repeat; i++) {
        const at = performance.now();
        const response = await app.inject({ url, ...(asPage ? { cookies } : { headers: bearer }) });
        best = Math.min(best, performance.now() - at);
        if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
      }
      return best;
    };
    const health = await time('/api/health', false, 51);
    const cases: [string, string, boolean][] = [
      ['board page (50,000 dispatches)', '/campaigns/1', true],
      ['board page, overdue only', '/campaigns/1?overdue=overdue', true],
      ['board page, sorted by company, page 100', '/campaigns/1?sort=company&offset=4950', true],
      ['board page, company search', '/campaigns/1?q=Company%204999', true],
      ['campaign statistics page', '/campaigns/1/stats', true],
      ['dashboard', '/', true],
      ['company page (20 dispatches)', '/companies/4242', true],
      ['companies list', '/companies', true],
      ['dispatch page', '/dispatches/54321', true],
      ['letter page (5,000 dispatches)', '/letters/7', true],
      ['API campaigns with counts', '/api/campaigns', false],
      ['API board page', '/api/dispatches?campaignId=1&limit=50', false],
      ['API dispatch with answers', '/api/dispatches/54321', false],
      ['API deadlines, next 30 days', '/api/deadlines?from=2025-09-01&to=2025-10-01', false],
    ];
    const timings: Record<string, { ms: number; ratio: number }> = {};
    let slowest = 0;
    for (const [name, url, asPage] of cases) {
      const ms = await time(url, asPage);
      timings[name] = { ms: Number(ms.toFixed(1)), ratio: Math.round(ms / health) };
      slowest = Math.max(slowest, ms / health);
    }
    return {
      companies: COMPANIES,
      dispatches: COMPANIES * LETTERS,
      answers: COMPANIES * LETTERS * QUESTIONS,
      generateMs: Math.round(generateMs),
      baselineHealthMs: Number(health.toFixed(3)),
      timings,
      target: `every ratio < ${TARGET_RATIO}`,
      pass: slowest < TARGET_RATIO,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
