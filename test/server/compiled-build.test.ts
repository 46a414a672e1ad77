/**
 * The compiled copy `npm install` and `npm start` make (bin/build.js → dist/), which
 * `docket serve` runs: every source file compiled, no `.ts` import left, the CLI working from it,
 * and the scheduled jobs' worker thread starting from compiled code (no tsx in it).
 */
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { DueJobsResult } from '../../server/jobs/run-due-jobs.js';
import { tempDir } from '../helper.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
// Inside the checkout (the compiled code finds views and migrations from there), never dist/
// itself: other test files run the CLI from dist/ at the same time.
const OUT = join(ROOT, 'test-results', `compiled-build-${process.pid}`);
const SECRET = 'compiled-build-secret-0123456789abcdef';
const dataDir = tempDir('docket-compiled-');
const env = {
  ...process.env,
  DATABASE_PATH: join(dataDir, 'docket.db'),
  SESSION_SECRET: SECRET,
  LOG_LEVEL: 'silent',
  BASE_URL: 'http://docket.test',
  SMTP_URL: '',
  MAIL_DIR: join(dataDir, 'mail'),
};

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(extension) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const compiledCli = (...args: string[]) =>
  run(process.execPath, [join(OUT, 'server', 'cli.js'), ...args], { cwd: dataDir, env, timeout: 60_000 });

beforeAll(async () => {
  await run(process.execPath, [join(ROOT, 'bin', 'build.js'), '--out', OUT], { cwd: ROOT });
});
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the compiled build', () => {
  it('compiles every TypeScript file of server/ and db/, with every relative import naming a .js file', () => {
    const sources = ['server', 'db'].flatMap((folder) => filesUnder(join(ROOT, folder), '.ts'));
    const compiled = ['server', 'db'].flatMap((folder) => filesUnder(join(OUT, folder), '.js'));
    expect(compiled.length).toBe(sources.length);
    const tsImports = compiled.filter((file) =>
      /(?:from|import)\s*\(?\s*["']\.{1,2}\/[^"']*\.ts["']/.test(readFileSync(file, 'utf8')),
    );
    expect(tsImports).toEqual([]);
  });

  it('runs the CLI: migrates a new database and loads the demo data', async () => {
    const migrated = await compiledCli('migrate');
    expect(migrated.stdout).toContain('is up to date');
    const seeded = await compiledCli('seed-demo');
    expect(seeded.stdout).toMatch(/Loaded demo data: .* dispatches/);
  });

  it('runs a full jobs run in the worker thread from compiled code', async () => {
    const compiled = (await import(pathToFileURL(join(OUT, 'server', 'jobs', 'run-due-jobs.js')).href)) as {
      runDueJobsInWorker: (config: ReturnType<typeof loadConfig>, now: Date) => Promise<DueJobsResult>;
    };
    const config = loadConfig(env);
    const db = new Database(config.databasePath);
    db.prepare(
      `INSERT INTO outbox (message_id, kind, to_address, from_address, subject, text, html, send_after, created_at)
       VALUES ('<compiled-build@docket.test>', 'notification', 'ada@example.org', 'docket@docket.test',
               'From the compiled worker', 'Hello', '<p>Hello</p>', '2029-12-31T09:00:00.000Z', '2029-12-31T09:00:00.000Z')`,
    ).run();
    db.close();
    const result = await compiled.runDueJobsInWorker(config, new Date(Date.parse('2030-01-01T09:00:00Z')));
    // One message waiting in the outbox: the worker's delivery writes it as a file.
    expect(result.outbox).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(readdirSync(config.mailDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });
});

/** A port nobody listens on (the probe's, released). */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** `docket serve` from the compiled copy; resolves when it says it is running, or when it exits. */
function serve(port: number) {
  const child = spawn(process.execPath, [join(OUT, 'server', 'cli.js'), 'serve'], {
    cwd: dataDir,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const running = new Promise<boolean>((done) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Docket is running')) done(true);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(() => done(false));
  });
  return { child, running, exited, output: () => output };
}

describe('docket serve (the web server in a worker thread with a capped heap)', () => {
  it('answers requests and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = serve(port);
    expect(await server.running, server.output()).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('exits with an error when the web server cannot start', async () => {
    const port = await freePort();
    const taken = createServer().listen(port, '127.0.0.1');
    await new Promise((done) => taken.once('listening', done));
    try {
      const server = serve(port);
      expect(await server.running).toBe(false);
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(/web server stopped: .*EADDRINUSE/s);
    } finally {
      taken.close();
    }
  });
});
