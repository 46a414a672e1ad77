import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { ROLE_TABLE, type RoleArea } from '../../../server/lib/role-table.js';
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

describe('the one role table', () => {
  const registered = app.routeAccess.map((r) => ({ key: `${r.method} ${r.url}`, access: r.access }));

  it('has every route in exactly one area, with the access the route enforces', () => {
    const areaOf = new Map<string, RoleArea[]>();
    for (const area of ROLE_TABLE)
      for (const route of area.routes) areaOf.set(route, [...(areaOf.get(route) ?? []), area]);
    const problems: string[] = [];
    for (const { key, access } of registered) {
      const areas = areaOf.get(key) ?? [];
      if (areas.length !== 1) problems.push(`${key}: in ${areas.length} areas of ROLE_TABLE`);
      else if (areas[0]!.access !== access)
        problems.push(`${key}: declares ${access}, the table says ${areas[0]!.access} (${areas[0]!.area})`);
    }
    const known = new Set(registered.map((r) => r.key));
    for (const route of areaOf.keys())
      if (!known.has(route)) problems.push(`${route}: in the table, not registered`);
    expect(problems).toEqual([]);
  });

  it('is the table in the README', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const area of ROLE_TABLE)
      expect(readme, area.area).toContain(`| ${area.area} | ${area.access} | ${area.covers} |`);
  });

  it('deleting is for coordinators and above, apart from one’s own token or signature', () => {
    const deletes = registered.filter(
      ({ key }) => key.startsWith('DELETE ') || /\/delete$/.test(key) || key.endsWith('/revoke'),
    );
    const own = [
      'DELETE /api/tokens/:id',
      'POST /settings/tokens/:id/revoke',
      'DELETE /api/letters/:id/signatures/:signatureId',
    ];
    const override = [
      'DELETE /api/companies/:id/deadlines/:kind',
      'POST /companies/:id/deadlines/:kind/delete',
    ];
    for (const { key, access } of deletes) {
      if (own.includes(key)) expect(access, key).toBe('member');
      // Clearing an override edits a company: the computed date comes back, nothing is lost.
      else if (override.includes(key)) expect(access, key).toBe('staff');
      else expect(['coordinator', 'admin'], key).toContain(access);
    }
  });
});
