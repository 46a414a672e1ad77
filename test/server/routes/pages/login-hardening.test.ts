import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../server/config.js';
import { safeNext } from '../../../../server/lib/safe-next.js';
import {
  browserSession,
  buildTestApp,
  createUser,
  csrfFrom,
  TEST_PASSWORD,
  type TestApp,
  testConfig,
} from '../../../helper.js';

async function postLogin(
  app: TestApp,
  email: string,
  password: string,
  { ip = '127.0.0.1', forwardedFor }: { ip?: string; forwardedFor?: string } = {},
) {
  const session = await browserSession(app);
  const page = await session.get('/login');
  return app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: ip,
    cookies: session.cookies,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(forwardedFor && { 'x-forwarded-for': forwardedFor }),
    },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), email, password }).toString(),
  });
}

describe('login throttling', () => {
  it('stops password spraying: 20 failures from one address block it for every account', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    for (let i = 0; i < 20; i++) {
      const response = await postLogin(app, `sprayed${i}@example.org`, 'Summer2026!', { ip: '10.1.1.1' });
      expect(response.statusCode, `attempt ${i + 1}`).toBe(401);
    }
    expect((await postLogin(app, user.email, TEST_PASSWORD, { ip: '10.1.1.1' })).statusCode).toBe(429);
    expect((await postLogin(app, user.email, TEST_PASSWORD, { ip: '10.1.1.2' })).statusCode).toBe(302);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
    const app = await buildTestApp();
    for (let i = 0; i < 20; i++) {
      const rotated = { ip: '10.2.2.2', forwardedFor: `203.0.113.${i}` };
      expect((await postLogin(app, `rotate${i}@example.org`, 'wrong password!', rotated)).statusCode).toBe(
        401,
      );
    }
    const next = await postLogin(app, 'rotate-last@example.org', 'wrong password!', {
      ip: '10.2.2.2',
      forwardedFor: '203.0.113.99',
    });
    expect(next.statusCode).toBe(429);

    const behindProxy = await buildTestApp({ env: { TRUST_PROXY: '10.2.2.2' } });
    for (let i = 0; i < 21; i++) {
      const viaProxy = { ip: '10.2.2.2', forwardedFor: `203.0.113.${i}` };
      expect(
        (await postLogin(behindProxy, `proxied${i}@example.org`, 'wrong password!', viaProxy)).statusCode,
      ).toBe(401);
    }
  });

  it('does not count successful logins, and a success clears its account', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    for (let i = 0; i < 8; i++)
      expect((await postLogin(app, user.email, TEST_PASSWORD)).statusCode).toBe(302);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++)
        expect((await postLogin(app, user.email, 'wrong password!')).statusCode).toBe(401);
      expect((await postLogin(app, user.email, TEST_PASSWORD)).statusCode).toBe(302);
    }
  });

  it('answers an unknown email no faster than a known one', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    await app.services.auth.login('warm-up@example.org', 'wrong password!').catch(() => undefined);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const timeOf = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 4; i++) {
        const started = process.hrtime.bigint();
        await app.services.auth.login(email, 'wrong password!').catch(() => undefined);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      return median(times);
    };
    const known = await timeOf(user.email);
    const unknown = await timeOf('nobody-here@example.org');
    // Before: the unknown email skipped scrypt and answered about 10 times faster.
    expect(unknown).toBeGreaterThan(known * 0.5);
  });
});

describe('the next parameter', () => {
  it('accepts only paths on this site', () => {
    for (const bad of [
      '/\\evil.example',
      '/\\/evil.example',
      '//evil.example',
      'https://evil.example/',
      'https:evil.example',
      '/\tevil',
      'evil.example',
      '/login?next=/x',
      '',
    ]) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe('/');
    }
    expect(safeNext('/companies?q=a#top')).toBe('/companies?q=a#top');
    expect(safeNext('/letters/4')).toBe('/letters/4');
  });

  it('redirects /\\host after login to the dashboard', async () => {
    const app = await buildTestApp();
    const user = await createUser(app, 'member');
    const session = await browserSession(app);
    const response = await session.post('/login', {
      email: user.email,
      password: TEST_PASSWORD,
      next: '/\\evil.example',
    });
    expect(response.headers.location).toBe('/');
  });
});

describe('TRUST_PROXY', () => {
  it('takes addresses and CIDR ranges and refuses anything else by name', () => {
    expect(testConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16, loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
    ]);
    expect(testConfig().trustProxy).toBe(false);
    // An https BASE_URL no longer implies a trusted proxy.
    expect(testConfig({ BASE_URL: 'https://docket.example' }).trustProxy).toBe(false);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example', '1']) {
      expect(() => testConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
      expect(() => testConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });
});
