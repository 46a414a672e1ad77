import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { type AppOverrides, buildApp } from '../server/app.js';
import { type Config, loadConfig } from '../server/config.js';
import type { Role } from '../server/domain/vocabulary.js';
import { checkApiResponses, contractViolations } from './api-contract-check.js';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

export const TEST_PASSWORD = 'correct horse battery staple';

export function tempDir(prefix = 'docket-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testConfig(env: Record<string, string> = {}): Config {
  const dir = tempDir();
  return loadConfig({
    DATABASE_PATH: join(dir, 'docket.db'),
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://docket.test',
    MAIL_DOMAIN: 'docket.test',
    ...env,
  });
}

// Apps built by a test file are closed after it by the hook in test/setup.ts (vitest runs setup
// files before every test file, also when files share a worker's module cache).
const cleanups: (() => Promise<void>)[] = [];

/** Closes and removes every app built since the last call. */
export async function closeTestApps(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  // Every JSON answer the tests received matched the documented OpenAPI responses.
  const violations = [...new Set(contractViolations.splice(0))];
  if (violations.length)
    throw new Error(`API answers that break the OpenAPI document:\n${violations.join('\n')}`);
}

/** The real app on a fresh, migrated SQLite file; closed and removed after the test file. */
export async function buildTestApp(
  options: { env?: Record<string, string> } & AppOverrides = {},
): Promise<TestApp> {
  const { env, ...overrides } = options;
  const config = testConfig(env);
  const app = await buildApp(config, { logger: false, ...overrides });
  checkApiResponses(app);
  await app.ready();
  cleanups.push(async () => {
    await app.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  });
  return app;
}

let userCounter = 0;

export async function createUser(app: TestApp, role: Role, extra: { email?: string; name?: string } = {}) {
  userCounter++;
  const email = extra.email ?? `${role}${userCounter}@example.org`;
  const { user } = await app.services.auth.createUser(
    {
      email,
      name: extra.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${userCounter}`,
      role,
      password: TEST_PASSWORD,
    },
    { userId: null, label: 'test' },
  );
  return user!;
}

/** A user of that role and a bearer header for the JSON API. */
export async function apiUser(app: TestApp, role: Role) {
  const user = await createUser(app, role);
  const token = app.services.auth.createApiToken(user.id, 'test');
  return { user, token, headers: { authorization: `Bearer ${token}` } };
}

export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const cookie of response.cookies) jar[cookie.name] = cookie.value;
  return jar;
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in page');
  return match[1];
}

/** A browser-like session: logs in through the real form, then GETs and POSTs forms with CSRF tokens. */
export async function browserSession(app: TestApp, email?: string, password = TEST_PASSWORD) {
  let cookies: Record<string, string> = {};
  const remember = (response: LightMyRequestResponse) => {
    cookies = { ...cookies, ...cookiesOf(response) };
    return response;
  };
  const session = {
    get cookies() {
      return cookies;
    },
    async get(url: string) {
      return remember(await app.inject({ method: 'GET', url, cookies }));
    },
    /** Posts a form, taking the CSRF token from `formPage` (default: the URL itself). */
    async post(url: string, form: Record<string, string | string[]>, formPage = url) {
      const page = await session.get(formPage);
      const body = new URLSearchParams();
      body.append('_csrf', csrfFrom(page.body));
      for (const [key, value] of Object.entries(form)) {
        for (const v of [value].flat()) body.append(key, v);
      }
      return remember(
        await app.inject({
          method: 'POST',
          url,
          cookies,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: body.toString(),
        }),
      );
    },
  };
  if (email) {
    const response = await session.post('/login', { email, password }, '/login');
    if (response.statusCode !== 302) throw new Error(`login failed: ${response.statusCode}`);
  }
  return session;
}
