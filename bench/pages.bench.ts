/**
 * SPEC §7's data set measured from outside: the real `docket serve` process, a coordinator
 * signed in through the login form and with an API token, autocannon with 10 connections after a
 * warm-up against each page and API call. Each figure is reported with its ratio to the
 * unauthenticated health check measured in the same run, against issue #14's targets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DatasetSize, generateDataset } from './outside/dataset.js';
import { measureJobsStall } from './outside/jobs-stall.js';
import { type LoadFigures, measureLoad } from './outside/load.js';
import { createCoordinator, loginThroughForm } from './outside/login.js';
import { serverEnv, startDocketServer } from './outside/server-process.js';

const BUILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'build.js');
const EMAIL = 'bench@example.org';
const PASSWORD = 'bench password 1234';

interface Case {
  name: string;
  path: string;
  auth: 'none' | 'cookie' | 'bearer';
  /** p99 must stay under this many ms… */
  p99Under?: number;
  /** …and throughput at least this share of the baseline's. */
  minShare?: number;
  /** A different page on every request (not served again from the page cache). */
  paths?: string[];
}

/** Alternating rounds of the token-against-cookie comparison. */
const AUTH_ROUNDS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `count` values spread evenly over 1..`last`. */
function spread(last: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => 1 + Math.floor((i * last) / count));
}

function cases(lastOffset: number, dispatchId: number, size: DatasetSize): Case[] {
  const board = (name: string, query: string): Case => ({
    name: `board, ${name}`,
    path: `/campaigns/1${query}`,
    auth: 'cookie',
    p99Under: 25,
    minShare: 0.05,
  });
  return [
    { name: 'health (baseline, no auth)', path: '/api/health', auth: 'none' },
    { name: 'health with a bearer token', path: '/api/health', auth: 'bearer' },
    board('first page', ''),
    board('last page', `?offset=${lastOffset}`),
    board('status sent', '?status=sent'),
    board('overdue', '?overdue=overdue'),
    board('very overdue', '?overdue=very'),
    board('sector Energy', '?sector=Energy'),
    board('country DE', '?country=DE'),
    board('company search', '?q=Company%204999'),
    board('sorted by sent', '?sort=sent&direction=desc'),
    board('sorted by company', '?sort=company'),
    board('sorted by status', '?sort=status'),
    board('sorted by due, last page', `?sort=due&direction=desc&offset=${lastOffset}`),
    { name: 'dashboard', path: '/', auth: 'cookie', p99Under: 25, minShare: 0.05 },
    { name: 'company page', path: '/companies/4242', auth: 'cookie', p99Under: 25, minShare: 0.05 },
    { name: 'dispatch page', path: `/dispatches/${dispatchId}`, auth: 'cookie', p99Under: 15, minShare: 0.1 },
    { name: 'statistics page', path: '/campaigns/1/stats', auth: 'cookie', p99Under: 200 },
    { name: 'search', path: '/search?q=Company%20424', auth: 'cookie', p99Under: 50 },
    // What a person clicking from page to page meets: each request a page not seen before, so
    // none comes from the page cache (reported, no target: the targets above are the issue's).
    {
      name: 'board, a different page each time',
      path: '/campaigns/1',
      auth: 'cookie',
      paths: spread(lastOffset / 50, 400).map((page) => `/campaigns/1?offset=${(page - 1) * 50}`),
    },
    {
      name: 'dispatch pages, a different one each time',
      path: `/dispatches/${dispatchId}`,
      auth: 'cookie',
      paths: spread(size.dispatches, 2000).map((id) => `/dispatches/${id}`),
    },
    {
      name: 'company pages, a different one each time',
      path: '/companies/4242',
      auth: 'cookie',
      paths: spread(size.companies, 2000).map((id) => `/companies/${id}`),
    },
    { name: 'API board page (token)', path: '/api/dispatches?campaignId=1&limit=50', auth: 'bearer' },
    { name: 'API dispatch (token)', path: `/api/dispatches/${dispatchId}`, auth: 'bearer' },
    { name: 'API dispatch (session cookie)', path: `/api/dispatches/${dispatchId}`, auth: 'cookie' },
  ];
}

export interface PagesOptions {
  dispatches?: number;
  seconds?: number;
  warmupSeconds?: number;
  only?: string;
}

export async function run(options: PagesOptions = {}) {
  const dispatchCount = options.dispatches ?? 100_000;
  const seconds = options.seconds ?? 10;
  const warmupSeconds = options.warmupSeconds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'docket-bench-pages-'));
  const databasePath = join(dir, 'bench.db');
  const loadBefore = loadavg().map((n) => Number(n.toFixed(2)));
  const generateStarted = performance.now();
  const size = generateDataset(databasePath, dispatchCount, new Date().toISOString().slice(0, 10));
  const generateMs = Math.round(performance.now() - generateStarted);
  console.log(`generated ${size.dispatches} dispatches in ${generateMs} ms`);
  // As `npm start` does: the server runs its compiled copy (bin/build.js), not tsx's.
  execFileSync(process.execPath, [BUILD], { stdio: 'ignore' });
  const env = serverEnv(databasePath, 0);
  const token = createCoordinator(env, EMAIL, PASSWORD);
  const server = await startDocketServer(databasePath);
  const results: (Case & LoadFigures & { ratio: number; pass: boolean | null })[] = [];
  let peakRssMb = 0;
  let authComparison:
    | { rounds: { token: number; cookie: number }[]; tokenMedian: number; cookieMedian: number }
    | undefined;
  try {
    const cookie = await loginThroughForm(server.url, EMAIL, PASSWORD);
    const headersFor = (auth: Case['auth']): Record<string, string> =>
      auth === 'cookie' ? { cookie } : auth === 'bearer' ? { authorization: `Bearer ${token}` } : {};
    // The scheduler's first full jobs run starts a second after start-up; let it finish first.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await server.waitUntilIdle();
    const lastOffset = Math.floor((size.campaignDispatches - 1) / 50) * 50;
    const dispatchId = Math.min(54_321, size.dispatches);
    let baseline = 0;
    for (const c of cases(lastOffset, dispatchId, size)) {
      if (options.only && !c.name.includes(options.only) && c.auth !== 'none') continue;
      const figures = await measureLoad(`${server.url}${c.path}`, headersFor(c.auth), {
        seconds,
        warmupSeconds,
        paths: c.paths,
      });
      if (baseline === 0) baseline = figures.reqPerSec;
      const ratio = Number((figures.reqPerSec / baseline).toFixed(3));
      const pass =
        c.p99Under === undefined
          ? null
          : figures.errors === 0 &&
            figures.reqPerSec > 0 &&
            figures.p99Ms < c.p99Under &&
            ratio >= (c.minShare ?? 0);
      results.push({ ...c, ...figures, ratio, pass });
      console.log(
        `${c.name.padEnd(34)} ${String(figures.reqPerSec).padStart(6)} req/s  ${ratio.toFixed(3).padStart(6)}×  p50 ${String(figures.p50Ms).padStart(5)} ms  p99 ${String(figures.p99Ms).padStart(5)} ms  errors ${figures.errors}${pass === false ? '  MISSED' : ''}`,
      );
    }
    // A token against a cookie on the same call, in alternating rounds: one 10-second run each
    // moves with the machine's load by more than the 10% the target allows.
    if (!options.only || 'API dispatch'.includes(options.only)) {
      const rounds: { token: number; cookie: number }[] = [];
      for (let round = 0; round < AUTH_ROUNDS; round++) {
        const measure = (auth: Case['auth']) =>
          measureLoad(`${server.url}/api/dispatches/${dispatchId}`, headersFor(auth), {
            seconds: Math.max(2, Math.round(seconds / 2)),
            warmupSeconds: 1,
          });
        const token = await measure('bearer');
        const cookie = await measure('cookie');
        rounds.push({ token: token.reqPerSec, cookie: cookie.reqPerSec });
      }
      authComparison = {
        rounds,
        tokenMedian: median(rounds.map((r) => r.token)),
        cookieMedian: median(rounds.map((r) => r.cookie)),
      };
      console.log(
        `API dispatch, token vs cookie in ${AUTH_ROUNDS} alternating rounds: ${rounds.map((r) => `${r.token} / ${r.cookie}`).join(', ')} req/s; medians ${authComparison.tokenMedian} / ${authComparison.cookieMedian}`,
      );
    }
    peakRssMb = server.peakRssMb();
  } finally {
    await server.stop();
  }
  // A failed jobs measurement is reported, not allowed to lose the page figures above.
  const jobs = await measureJobsStall(env).catch((error: Error) => ({
    jobsRunMs: 0,
    longestStallMs: Number.NaN,
    error: error.message,
  }));
  rmSync(dir, { recursive: true, force: true });

  const targets = {
    pagesWithinLatencyAndShare: results.every((r) => r.pass !== false),
    tokenNoDearerThanCookie: authComparison
      ? authComparison.tokenMedian >= authComparison.cookieMedian * 0.9
      : null,
    peakRssUnder300Mb: peakRssMb < 300,
    jobsStallUnder50Ms: jobs.longestStallMs < 50,
  };
  const loadAfter = loadavg().map((n) => Number(n.toFixed(2)));
  console.log(
    `peak RSS ${peakRssMb} MB; jobs run ${jobs.jobsRunMs} ms, longest event-loop stall ${jobs.longestStallMs} ms; load ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
  );
  return {
    ...size,
    generateMs,
    connections: 10,
    seconds,
    warmupSeconds,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    requests: results.map(({ name, path, auth, reqPerSec, ratio, p50Ms, p99Ms, errors, pass }) => ({
      name,
      path,
      auth,
      reqPerSec,
      ratio,
      p50Ms,
      p99Ms,
      errors,
      pass,
    })),
    tokenVsCookie: authComparison,
    peakRssMb,
    jobs,
    targets,
    pass: Object.values(targets).every((t) => t !== false),
  };
}
