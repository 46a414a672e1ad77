import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

const clock = fixedClock('2026-05-04T09:00:00Z');
let app: TestApp;
let admin: Record<string, string>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (token: string) => app.inject({ url: '/api/me', headers: bearer(token) });

beforeAll(async () => {
  app = await buildTestApp({ clock });
  admin = (await apiUser(app, 'admin')).headers;
});

async function newToken(headers: Record<string, string>, payload: object = { name: 'script' }) {
  const response = await app.inject({ method: 'POST', url: '/api/me/tokens', headers, payload });
  expect(response.statusCode).toBe(201);
  return response.json() as {
    id: number;
    token: string;
    name: string;
    status: string;
    expiresAt: string | null;
  };
}

describe('API tokens', () => {
  it('lists tokens with name, created, last used and expiry, never their secret; a revoked token stops at once', async () => {
    const member = await apiUser(app, 'member');
    const created = await newToken(member.headers, { name: 'weekly export' });
    expect(created.token).toMatch(/^dkt_/);
    expect((await me(created.token)).statusCode).toBe(200);

    const list = await app.inject({ url: '/api/me/tokens', headers: member.headers });
    expect(list.statusCode).toBe(200);
    const listed = list.json().find((t: { id: number }) => t.id === created.id);
    expect(listed).toMatchObject({
      name: 'weekly export',
      createdAt: '2026-05-04T09:00:00.000Z',
      lastUsedAt: '2026-05-04T09:00:00.000Z',
      expiresAt: null,
      status: 'active',
    });
    expect(JSON.stringify(list.json())).not.toMatch(/tokenHash|dkt_/);

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/tokens/${created.id}`,
      headers: member.headers,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    expect((await me(created.token)).statusCode).toBe(401);
  });

  it('an expiring token stops at its expiry; bad input names its field and creates nothing', async () => {
    const member = await apiUser(app, 'member');
    const created = await newToken(member.headers, { name: 'short', expiresAt: '2026-05-04T10:00:00Z' });
    expect(created.expiresAt).toBe('2026-05-04T10:00:00.000Z');
    expect((await me(created.token)).statusCode).toBe(200);
    clock.set('2026-05-04T10:00:01Z');
    try {
      expect((await me(created.token)).statusCode).toBe(401);
      const list = await app.inject({ url: '/api/me/tokens', headers: member.headers });
      expect(list.json().find((t: { id: number }) => t.id === created.id).status).toBe('expired');
    } finally {
      clock.set('2026-05-04T09:00:00Z');
    }
    const before = app.repos.apiTokens.listForUser(member.user.id).length;
    for (const [payload, field] of [
      [{ name: 'past', expiresAt: '2026-05-01T00:00:00Z' }, 'expiresAt'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ name: 7 }, 'name'],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers: member.headers,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().message, JSON.stringify(payload)).toContain(field);
    }
    expect(app.repos.apiTokens.listForUser(member.user.id).length).toBe(before);
  });

  it('does not write to the database on every request: last used is kept to the hour', async () => {
    const member = await apiUser(app, 'member');
    const { token, id } = await newToken(member.headers);
    const changes = () => (app.db.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    await me(token);
    const afterFirst = changes();
    for (let i = 0; i < 20; i++) expect((await me(token)).statusCode).toBe(200);
    expect(changes()).toBe(afterFirst);
    clock.set('2026-05-04T10:00:00Z');
    try {
      await me(token);
      expect(app.repos.apiTokens.findById(id)!.lastUsedAt).toBe('2026-05-04T10:00:00.000Z');
    } finally {
      clock.set('2026-05-04T09:00:00Z');
    }
  });

  it('deactivating a user revokes their tokens; reactivating does not revive them', async () => {
    const member = await apiUser(app, 'member');
    const { token } = await newToken(member.headers);
    for (const active of [false, true]) {
      const response = await app.inject({
        method: 'PATCH',
        url: `/api/users/${member.user.id}`,
        headers: admin,
        payload: { active },
      });
      expect(response.statusCode).toBe(200);
    }
    expect((await me(token)).statusCode).toBe(401);
    expect((await me(member.token)).statusCode).toBe(401);
    expect(app.services.apiTokens.list(member.user.id).every((t) => t.status === 'revoked')).toBe(true);
  });

  it("only an admin sees or revokes another user's tokens", async () => {
    const owner = await apiUser(app, 'coordinator');
    const other = await apiUser(app, 'coordinator');
    const { id, token } = await newToken(owner.headers);
    expect(
      (await app.inject({ url: `/api/users/${owner.user.id}/tokens`, headers: other.headers })).statusCode,
    ).toBe(403);
    const foreign = await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: other.headers });
    expect(foreign.statusCode).toBe(404);
    expect((await me(token)).statusCode).toBe(200);
    const listed = await app.inject({ url: `/api/users/${owner.user.id}/tokens`, headers: admin });
    expect(listed.json().map((t: { id: number }) => t.id)).toContain(id);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: admin })).statusCode,
    ).toBe(200);
    expect((await me(token)).statusCode).toBe(401);
  });

  it('Settings lists, creates (showing the token once) and revokes tokens', async () => {
    const user = await createUser(app, 'staff');
    const session = await browserSession(app, user.email);
    const created = await session.post(
      '/settings/tokens',
      { name: 'laptop script', expiresOn: '2026-06-30' },
      '/settings',
    );
    expect(created.statusCode).toBe(200);
    const token = /id="new-token-value">(dkt_[^<]+)</.exec(created.body)?.[1];
    expect(token).toBeDefined();
    expect((await me(token!)).statusCode).toBe(200);
    const page = await session.get('/settings');
    expect(page.body).toContain('laptop script');
    expect(page.body).not.toContain(token!);
    // states and roles in words: the token's status, the header's role
    expect(page.body).toContain('<td>Active</td>');
    expect(page.body).toContain(`${user.name} · Campaign staff</span>`);
    const bad = await session.post('/settings/tokens', { name: 'x', expiresOn: '2026-01-01' }, '/settings');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="expiresOn-error"');
    const row = app.services.apiTokens.list(user.id).find((t) => t.name === 'laptop script')!;
    const revoked = await session.post(`/settings/tokens/${row.id}/revoke`, {}, '/settings');
    expect(revoked.statusCode).toBe(302);
    expect((await me(token!)).statusCode).toBe(401);
    expect((await session.get('/settings')).body).toContain('<td>Revoked</td>');
  });
});
