import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { roleBelow } from '../../../server/lib/roles.js';
import { apiUser, buildTestApp, testConfig } from '../../helper.js';

const app = await buildTestApp();

function concreteUrl(url: string): string {
  return url
    .replace(/:id\b/g, '1')
    .replace(/:token\b/g, 'x'.repeat(24))
    .replace(/:(\w+)/g, '1');
}

const protectedRoutes = app.routeAccess.filter((route) => route.access !== 'public');

describe('every route declares who may call it', () => {
  it('registers the routes we expect, each with an access level', () => {
    expect(protectedRoutes.length).toBeGreaterThan(20);
    expect(app.routeAccess.every((r) => r.access)).toBe(true);
    const urls = app.routeAccess.map((r) => `${r.method} ${r.url}`);
    expect(urls).toContain('GET /api/health');
    expect(urls).toContain('GET /api/companies');
    expect(urls).toContain('POST /login');
  });

  it('refuses to start when a route declares no access', async () => {
    const config = testConfig();
    const fresh = await buildApp(config, { logger: false });
    let failure: unknown;
    try {
      fresh.get('/sneaky', async () => 'hi');
      await fresh.ready();
    } catch (error) {
      failure = error;
    }
    await fresh.close();
    rmSync(config.dataDir, { recursive: true, force: true });
    expect(String(failure)).toMatch(/GET \/sneaky does not declare config.access/);
  });

  it.each(
    protectedRoutes.map((r) => [r.method, r.url, r.access]),
  )('%s %s answers 401 without credentials', async (method, url) => {
    const response = await app.inject({ method: method as 'GET', url: concreteUrl(url) });
    expect(response.statusCode).toBe(401);
  });

  const belowMinimum = protectedRoutes.filter((r) => roleBelow(r.access as 'member') !== undefined);
  it.each(
    belowMinimum.map((r) => [r.method, r.url, r.access]),
  )('%s %s answers 403 for the role below %s', async (method, url, access) => {
    const { headers } = await apiUser(app, roleBelow(access as 'member')!);
    const response = await app.inject({ method: method as 'GET', url: concreteUrl(url), headers });
    expect(response.statusCode).toBe(403);
  });

  it('every form is CSRF-protected except the one-click unsubscribe, whose signed token is its proof', () => {
    const exempt = app.routeAccess.filter((r) => !r.csrf).map((r) => `${r.method} ${r.url}`);
    expect(exempt).toEqual(['POST /unsubscribe/:token']);
  });

  it('answers 401 for a wrong or revoked API token', async () => {
    const { user, token } = await apiUser(app, 'admin');
    const wrong = await app.inject({ url: '/api/me', headers: { authorization: 'Bearer dkt_nope' } });
    expect(wrong.statusCode).toBe(401);
    const ok = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(ok.json()).toMatchObject({ email: user.email, role: 'admin' });
    const [row] = app.repos.apiTokens.listForUser(user.id);
    app.repos.apiTokens.revoke(row!.id, user.id, new Date().toISOString());
    const revoked = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
  });
});
