import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import {
  DEMO_HISTORICAL_ANCHOR,
  type DemoSummary,
  seedDemo,
} from '../../../server/services/demo-seed-service.js';
import { buildTestApp, type TestApp, tempDir } from '../../helper.js';

const TABLES = [
  'organizations',
  'companies',
  'company_contacts',
  'campaigns',
  'letters',
  'questions',
  'signatures',
  'dispatches',
  'responses',
  'answers',
  'events',
  'outbox',
];

function tableCounts(app: TestApp): Record<string, number> {
  return Object.fromEntries(
    TABLES.map((table) => [
      table,
      (app.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    ]),
  );
}

describe('seedDemo', () => {
  let app: TestApp;
  let summary: DemoSummary;

  beforeAll(async () => {
    // "Today" for the app is 2026; the demo's own clock runs through 2022–2024.
    app = await buildTestApp({ clock: fixedClock('2026-03-01T10:00:00Z') });
    summary = seedDemo({
      repos: app.repos,
      config: app.config,
      today: '2026-03-01',
      anchor: DEMO_HISTORICAL_ANCHOR,
    });
  });

  it('loads organizations, companies, one campaign, letters, dispatches and responses', () => {
    expect(summary).toMatchObject({
      organizations: 5,
      companies: 9,
      campaigns: 1,
      letters: 4,
      dispatches: 9,
      responses: 6,
    });
    const counts = tableCounts(app);
    expect(counts).toMatchObject({
      organizations: 5,
      companies: 9,
      campaigns: 1,
      letters: 4,
      dispatches: 9,
      responses: 6,
    });

    const organizations = app.repos.organizations.listAll();
    expect(organizations.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'Example Rights Watch',
        "Example Workers' Union",
        'Example Faith Investors',
        'Example Pension Fund',
        'Example Asset Management',
      ]),
    );
    expect(organizations.find((o) => o.name === 'Example Pension Fund')!.aumUsd).toBe(85e9);

    const companies = app.repos.companies.list({ limit: 100, offset: 0 }).items;
    expect(companies.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'Microsoft',
        'Raiffeisen Bank International',
        'HeidelbergCement',
        'Airbus',
        'Schlumberger',
        'JPMorgan Chase',
        'Cisco',
      ]),
    );
    for (const company of companies) {
      expect(company.contacts.length).toBeGreaterThan(0);
      for (const contact of company.contacts) expect(contact.email).toMatch(/@[\w.-]+\.example$/);
      expect(company.nextAgmDate! > '2026-03-01').toBe(true);
    }
    expect(companies.find((c) => c.name === 'Microsoft')).toMatchObject({
      country: 'US',
      ticker: 'MSFT',
      isin: 'US5949181045',
      jurisdiction: 'US',
    });

    const campaign = app.repos.campaigns.findById(summary.campaignId)!;
    expect(campaign).toMatchObject({
      name: 'Responsible exit from Russia',
      responseDays: 14,
      dayCount: 'calendar',
      public: true,
    });
    expect(campaign.description).toContain('(illustrative)');
    expect(app.repos.campaigns.organizationIds(campaign.id)).toHaveLength(5);
    expect(app.repos.campaigns.companyIds(campaign.id)).toHaveLength(9);
    expect(app.repos.users.count()).toBe(0);
  });

  it('sent the 11 April 2023 letter to Microsoft with its three questions, due 25 April 2023', () => {
    const letter = app.services.letters.view(app.services.letters.get(summary.letterIds.microsoft));
    expect(letter).toMatchObject({ status: 'sent', kind: 'initial', sentAt: '2023-04-11T09:00:00.000Z' });
    expect(letter.questions.map((q) => q.text)).toEqual([
      'Has Microsoft reconsidered the business practices that led to the sanctions violations?',
      'What policies and practices has it put in place to prevent such breaches from recurring?',
      "What is the current exposure of Microsoft's business in Russia?",
    ]);
    expect(letter.signatories.length).toBeGreaterThanOrEqual(3);
    const [dispatch] = app.repos.dispatches.listForLetter(letter.id);
    expect(dispatch).toMatchObject({
      dueAt: '2023-04-25',
      dueExplanation: '25 Apr 2023: 14 calendar days from 11 Apr 2023',
      channel: 'email',
    });
    const detail = app.services.dispatches.detail(dispatch!);
    expect(detail.questions.map((q) => q.number)).toEqual([1, 2, 3]);
    expect(detail.company.name).toBe('Microsoft');

    const microsoft = app.repos.companies.findByName('Microsoft')!;
    const preview = app.services.letters.preview(letter.id, microsoft.id);
    expect(preview.subject).toContain('Microsoft');
    expect(preview.text).toContain('4 March 2022');
    expect(preview.text).toContain('US$3 million');
    expect(preview.text).toMatch(
      /Signed by \d organisations with US\$325 billion in assets under management/,
    );
    // The letter's emails are recorded as sent in 2023, not queued for delivery now.
    const mail = app.repos.outbox.list().filter((m) => m.dispatchId === dispatch!.id);
    expect(mail.length).toBeGreaterThan(0);
    expect(mail.every((m) => m.status === 'sent' && m.toAddress.includes('microsoft.example'))).toBe(true);
    expect(app.repos.outbox.list('queued')).toHaveLength(0);
  });

  it('has dispatches in every response state, shown on the board with their public labels', () => {
    const board = app.services.dispatches.board({ campaignId: summary.campaignId, limit: 100, offset: 0 });
    const statuses = new Set(board.items.map((d) => d.status));
    for (const status of ['sent', 'acknowledged', 'responded', 'declined'])
      expect(statuses).toContain(status);
    const labels = new Set(board.items.map((d) => d.publicLabel));
    for (const label of ['Responded', 'Declined to respond', 'Did not respond'])
      expect(labels).toContain(label);

    const round = app.repos.dispatches.listForLetter(summary.letterIds.round);
    const holding = round.find((d) => d.status === 'acknowledged')!;
    expect(app.repos.dispatches.responses(holding.id)[0]).toMatchObject({
      kind: 'holding',
      promisedAt: '2022-12-16',
    });
    expect(holding.dueAt).toBe('2022-12-16');
    const answered = round
      .filter((d) => d.status === 'responded')
      .flatMap((d) => app.services.dispatches.detail(d).questions.map((q) => q.answer?.status));
    expect(answered).toEqual(expect.arrayContaining(['answered', 'partial', 'not_answered']));
  });

  it('drafts a follow-up to the companies with open questions, and a letter on Wicresoft', () => {
    const round = app.services.letters.get(summary.letterIds.round);
    const followUp = app.services.letters.view(app.services.letters.get(summary.letterIds.followUp));
    expect(followUp).toMatchObject({ kind: 'follow_up', status: 'draft', parentLetterId: round.id });
    const roundQuestionIds = app.repos.letters.questions(round.id).map((q) => q.id);
    expect(followUp.questions.every((q) => roundQuestionIds.includes(q.originQuestionId!))).toBe(true);
    const heidelberg = app.repos.companies.findByName('HeidelbergCement')!;
    expect(followUp.companyIds).not.toContain(heidelberg.id);
    expect(followUp.companyIds.length).toBeGreaterThanOrEqual(5);
    const preview = app.services.letters.preview(followUp.id, followUp.companyIds[0]!);
    expect(preview.text).toContain('15 November 2022');

    const wicresoft = app.services.letters.view(app.services.letters.get(summary.letterIds.wicresoft));
    expect(wicresoft).toMatchObject({ kind: 'initial', status: 'draft' });
    expect(wicresoft.companyIds).toEqual([app.repos.companies.findByName('Microsoft')!.id]);
    expect(wicresoft.questions.map((q) => q.text).join(' ')).toMatch(
      /affiliates it does not control.*sanctioned parties.*divest/s,
    );
    expect(app.services.letters.preview(wicresoft.id, wicresoft.companyIds[0]!).text).toContain('22%');
  });

  it('refuses a second seed and changes nothing', () => {
    const before = tableCounts(app);
    expect(() => seedDemo({ repos: app.repos, config: app.config })).toThrow(
      /seed-demo loads into an empty database/,
    );
    expect(tableCounts(app)).toEqual(before);
  });

  it('leaves nothing behind when a step fails midway', async () => {
    const other = await buildTestApp();
    const spy = vi.spyOn(other.repos.dispatches, 'insertResponse').mockImplementation(() => {
      throw new Error('disk full');
    });
    expect(() => seedDemo({ repos: other.repos, config: other.config })).toThrow('disk full');
    spy.mockRestore();
    expect(Object.values(tableCounts(other)).every((n) => n === 0)).toBe(true);
    expect(seedDemo({ repos: other.repos, config: other.config }).dispatches).toBe(9);
  });
});

describe('seedDemo dated relative to today', () => {
  it('moves each part of the story by whole weeks to the weeks before the anchor, keeping its intervals and due-date rules', async () => {
    // Monday 2 March 2026.
    const app = await buildTestApp({ clock: fixedClock('2026-03-02T10:00:00Z') });
    const summary = seedDemo({ repos: app.repos, config: app.config, clock: app.clock });

    const microsoft = app.services.letters.get(summary.letterIds.microsoft);
    // A Tuesday, like 11 April 2023, so the same rule gives the same interval.
    expect(microsoft.sentAt).toBe('2026-02-10T09:00:00.000Z');
    const [dispatch] = app.repos.dispatches.listForLetter(microsoft.id);
    expect(dispatch).toMatchObject({
      dueAt: '2026-02-24',
      dueExplanation: '24 Feb 2026: 14 calendar days from 10 Feb 2026',
      status: 'responded',
    });
    expect(app.repos.dispatches.responses(dispatch!.id)[0]!.receivedAt.slice(0, 10)).toBe('2026-02-23');

    const round = app.services.letters.get(summary.letterIds.round);
    expect(round.sentAt!.slice(0, 10)).toBe('2026-02-03');
    const roundDispatches = app.repos.dispatches.listForLetter(round.id);
    // Four companies did not answer: overdue for two weeks, not for years.
    const silent = roundDispatches.filter((d) => d.status === 'sent');
    expect(silent).toHaveLength(4);
    for (const d of silent) expect(d.dueAt).toBe('2026-02-17');
    // The holding reply promised its answer for this Friday.
    expect(roundDispatches.find((d) => d.status === 'acknowledged')!.dueAt).toBe('2026-03-06');
  });
});

describe('docket seed-demo', { timeout: 60_000 }, () => {
  const dir = tempDir('docket-seed-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function docket(...args: string[]) {
    const env = {
      ...process.env,
      DATABASE_PATH: join(dir, 'docket.db'),
      SESSION_SECRET: 'seed-test-secret-seed-test-secret-012345',
      LOG_LEVEL: 'silent',
      BASE_URL: 'http://docket.test',
      SMTP_URL: '',
    };
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [resolve(import.meta.dirname, '../../../bin/docket.js'), ...args],
        {
          cwd: dir,
          env,
          timeout: 30_000,
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code?: number; stdout: string; stderr: string };
      return {
        code: typeof failure.code === 'number' ? failure.code : -1,
        stdout: failure.stdout,
        stderr: failure.stderr,
      };
    }
  }

  it('loads the demo into an empty database, then refuses a second time', async () => {
    const first = await docket('seed-demo');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      'Loaded demo data: 5 organizations, 9 companies, 1 campaign, 4 letters, 9 dispatches, 6 responses.',
    );
    const second = await docket('seed-demo');
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/^docket: seed-demo loads into an empty database/);
  });
});
