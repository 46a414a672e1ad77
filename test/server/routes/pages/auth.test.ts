import { describe, expect, it } from 'vitest';
import {
  browserSession,
  buildTestApp,
  createUser,
  csrfFrom,
  TEST_PASSWORD,
  type TestApp,
} from '../../../helper.js';

function setCookieHeaders(response: { headers: Record<string, unknown> }): string[] {
  return [response.headers['set-cookie'] ?? []].flat().map(String);
}

async function postLogin(app: TestApp, email: string, password: string, ip = '127.0.0.1') {
  const session = await browserSession(app);
  const page = await session.get('/login');
  return app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: ip,
    cookies: session.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), email, password }).toString(),
  });
}

describe('first-admin setup', () => {
  it('gives a one-time link only while no user exists; the link creates the admin and logs them in', async () => {
    const app = await buildTestApp();
    const link = app.services.auth.firstAdminSetupLink();
    expect(link).toMatch(/^http:\/\/docket\.test\/setup\/[\w-]{20,}$/);
    const path = new URL(link!).pathname;

    const session = await browserSession(app);
    const form = await session.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Create the first admin');

    const created = await session.post(path, {
      name: 'Ada Admin',
      email: 'ada@example.org',
      password: TEST_PASSWORD,
      passwordConfirm: TEST_PASSWORD,
    });
    expect(created.statusCode).toBe(302);
    expect(created.headers.location).toBe('/');
    const user = app.repos.users.findByEmail('ada@example.org');
    expect(user).toMatchObject({ name: 'Ada Admin', role: 'admin', active: true });

    const dashboard = await session.get('/');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('Ada Admin');

    expect(app.services.auth.firstAdminSetupLink()).toBeUndefined();

    const again = await browserSession(app);
    const reused = await again.get(path);
    expect(reused.statusCode).toBe(404);
    expect(reused.body).toContain('expired or was already used');
    const replay = await app.inject({
      method: 'POST',
      url: path,
      cookies: again.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfFrom(reused.body),
        name: 'Mallory',
        email: 'mallory@example.org',
        password: TEST_PASSWORD,
        passwordConfirm: TEST_PASSWORD,
      }).toString(),
    });
    expect(replay.statusCode).toBeGreaterThanOrEqual(300);
    expect(app.repos.users.findByEmail('mallory@example.org')).toBeUndefined();
    expect(app.repos.users.count()).toBe(1);
  });

  it('an older first-admin link stops working once the first admin exists', async () => {
    const app = await buildTestApp();
    const first = new URL(app.services.auth.firstAdminSetupLink()!).pathname;
    const second = new URL(app.services.auth.firstAdminSetupLink()!).pathname;
    expect(second).not.toBe(first);
    const session = await browserSession(app);
    const account = { name: 'Ada', password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD };
    expect((await session.post(first, { ...account, email: 'ada@example.org' })).statusCode).toBe(302);

    const other = await browserSession(app);
    expect((await other.get(second)).statusCode).toBe(404);
    await other.post(second, { ...account, email: 'eve@example.org' }, '/login');
    expect(app.repos.users.findByEmail('eve@example.org')).toBeUndefined();
    expect(app.repos.users.count()).toBe(1);
  });

  it('shows 404 for a tampered or unknown token', async () => {
    const app = await buildTestApp();
    const link = app.services.auth.firstAdminSetupLink()!;
    const token = new URL(link).pathname.split('/')[2]!;
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const url of [`/setup/${tampered}`, `/setup/${'x'.repeat(30)}`]) {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('Link not valid');
    }
    const tooShort = await app.inject({ url: '/setup/abc' });
    expect(tooShort.statusCode).toBe(400);
  });

  it.each([
    [
      'an empty name',
      { name: '', password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD },
      'name',
      'Enter a name',
    ],
    [
      'a short password',
      { name: 'Ada', password: 'short', passwordConfirm: 'short' },
      'password',
      'at least 10 characters',
    ],
    [
      'a mismatched confirmation',
      { name: 'Ada', password: TEST_PASSWORD, passwordConfirm: `${TEST_PASSWORD}!` },
      'passwordConfirm',
      'The confirmation does not match',
    ],
    [
      'a bad email',
      { name: 'Ada', email: 'not-an-email', password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD },
      'email',
      'Enter an email address',
    ],
  ])('re-renders the setup form with 422 for %s and creates nothing', async (_label, form, field, message) => {
    const app = await buildTestApp();
    const path = new URL(app.services.auth.firstAdminSetupLink()!).pathname;
    const session = await browserSession(app);
    const response = await session.post(path, { email: 'ada@example.org', ...form });
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatch(new RegExp(`id="${field}-error">[^<]*${message}`));
    expect(response.body).toContain('Please correct the fields marked below.');
    if (form.name) expect(response.body).toContain(`value="${form.name}"`);
    expect(response.body).not.toContain(TEST_PASSWORD);
    expect(app.repos.users.count()).toBe(0);
    const retry = await session.get(path);
    expect(retry.statusCode).toBe(200);
  });
});

describe('login and logout', () => {
  it('renders the login form with a CSRF token and redirects anonymous visitors to it', async () => {
    const app = await buildTestApp();
    const page = await app.inject({ url: '/login' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="password"');
    expect(csrfFrom(page.body)).toBeTruthy();
    const dashboard = await app.inject({ url: '/companies' });
    expect(dashboard.statusCode).toBe(401);
    expect(dashboard.body).toContain('Log in to Docket');
    expect(dashboard.body).toContain('value="/companies"');
  });

  it('logs in with the right password, and returns to `next`', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'staff');
    const session = await browserSession(app);
    const response = await session.post('/login', {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
      next: '/companies',
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/companies');
    const page = await session.get('/companies');
    expect(page.statusCode).toBe(200);
    expect(app.repos.users.findById(user.id)!.lastLoginAt).toBeTruthy();
  });

  it('never redirects off-site after login', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    for (const next of ['//evil.example/x', 'https://evil.example/', '/login']) {
      const session = await browserSession(app);
      const response = await session.post('/login', { email: user.email, password: TEST_PASSWORD, next });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/');
    }
  });

  it('answers a wrong password with 401 and an error message, and keeps the email typed', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    const response = await postLogin(app, user.email, 'wrong password!');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Wrong email or password');
    expect(response.body).toContain(`value="${user.email}"`);
    const unknown = await postLogin(app, 'nobody@example.org', TEST_PASSWORD);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toContain('Wrong email or password');
  });

  it('rate-limits login per account: after 5 failures even the right password is refused with 429', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await postLogin(app, user.email, `wrong-${i}-password`)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);

    const right = await postLogin(app, user.email, TEST_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Too many attempts');
    expect(right.headers.location).toBeUndefined();

    // The account's count holds from any address (changing IP does not reset it).
    const otherIp = await postLogin(app, user.email, TEST_PASSWORD, '10.0.0.9');
    expect(otherIp.statusCode).toBe(429);
    const otherUser = await createUser(app, 'member');
    const otherEmail = await postLogin(app, otherUser.email, TEST_PASSWORD);
    expect(otherEmail.statusCode).toBe(302);
  });

  it('counts the email case-insensitively for the rate limit', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    for (let i = 0; i < 5; i++) {
      const email = i % 2 ? user.email.toUpperCase() : user.email;
      expect((await postLogin(app, email, 'wrong password here')).statusCode).toBe(401);
    }
    expect((await postLogin(app, user.email.toUpperCase(), TEST_PASSWORD)).statusCode).toBe(429);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie that is not Secure over http', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    const response = await postLogin(app, user.email, TEST_PASSWORD);
    expect(response.statusCode).toBe(302);
    const cookie = setCookieHeaders(response).find((c) => c.startsWith('docket_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it('marks the session cookie Secure when BASE_URL is https', async () => {
    const app = await buildTestApp({ env: { BASE_URL: 'https://docket.test', TRUST_PROXY: '127.0.0.1' } });
    const user = await createUser(app, 'member');
    // Behind a TLS-terminating proxy at 127.0.0.1, named in TRUST_PROXY.
    const page = await app.inject({ url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      cookies: Object.fromEntries(page.cookies.map((c) => [c.name, c.value])),
      payload: new URLSearchParams({
        _csrf: csrfFrom(page.body),
        email: user.email,
        password: TEST_PASSWORD,
      }).toString(),
    });
    expect(response.statusCode).toBe(302);
    const cookie = setCookieHeaders(response).find((c) => c.startsWith('docket_session='));
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  });

  it('a new session id is issued at login', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    const session = await browserSession(app);
    await session.get('/login');
    const before = session.cookies.docket_session;
    await session.post('/login', { email: user.email, password: TEST_PASSWORD });
    expect(session.cookies.docket_session).toBeDefined();
    expect(session.cookies.docket_session).not.toBe(before);
  });

  it('logs out: the old session cookie no longer works', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    const session = await browserSession(app, user.email);
    const loggedIn = { ...session.cookies };
    expect((await session.get('/companies')).statusCode).toBe(200);
    const out = await session.post('/logout', {}, '/companies');
    expect(out.statusCode).toBe(302);
    expect(out.headers.location).toBe('/login');
    const replay = await app.inject({ url: '/companies', cookies: loggedIn });
    expect(replay.statusCode).toBe(401);
  });

  it('refuses a deactivated user', async () => {
    const app = await buildTestApp();
    await createUser(app, 'admin');
    const user = await createUser(app, 'member');
    app.services.users.setActive(user.id, false, { userId: null, label: 'test' });
    const response = await postLogin(app, user.email, TEST_PASSWORD);
    expect(response.statusCode).toBe(401);
  });
});
