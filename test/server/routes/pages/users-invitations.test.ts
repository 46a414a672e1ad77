import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { ROLE_DESCRIPTIONS } from '../../../../server/lib/labels.js';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser, TEST_PASSWORD } from '../../../helper.js';

const SETUP_LINK = /http:\/\/docket\.test\/setup\/[\w-]{20,}/;

async function setUp() {
  const clock = fixedClock('2025-03-03T09:00:00Z');
  const app = await buildTestApp({ clock });
  const f = factories(app);
  const admin = await createUser(app, 'admin', { name: 'Ada Admin' });
  const session = await browserSession(app, admin.email);
  return { app, clock, f, session };
}

const rowOf = (html: string, email: string) => {
  const match = new RegExp(`<tr data-invitation="${email}">([\\s\\S]*?)</tr>`).exec(html);
  return match?.[1];
};

describe('pending invitations on the Users page', () => {
  it('lists each pending invitation with email, role, organization, inviter and expiry; expired ones say so', async () => {
    const { app, clock, f, session } = await setUp();
    const org = f.organization({ name: 'Shareholder Action' });
    await session.post(
      '/users/invite',
      { email: 'nia@example.org', name: 'Nia', role: 'member', organizationId: String(org.id) },
      '/users',
    );
    await session.post(
      '/users/invite',
      { email: 'sam@example.org', name: '', role: 'staff', organizationId: '' },
      '/users',
    );
    const page = await session.get('/users');
    const nia = rowOf(page.body, 'nia@example.org')!;
    expect(nia).toContain('Coalition member');
    expect(nia).toContain('Shareholder Action');
    expect(nia).toContain('Ada Admin');
    expect(nia).toContain('10 Mar 2025');
    expect(nia).not.toContain('expired');
    expect(rowOf(page.body, 'sam@example.org')).toContain('Campaign staff');
    // a role description for each role
    for (const description of Object.values(ROLE_DESCRIPTIONS)) expect(page.body).toContain(description);

    clock.set('2025-03-11T09:00:00Z');
    const later = await session.get('/users');
    expect(rowOf(later.body, 'nia@example.org')).toContain('<mark>expired');
    const link = SETUP_LINK.exec(app.repos.outbox.list().find((m) => m.toAddress.includes('nia@'))!.text)![0];
    expect((await browserSession(app).then((s) => s.get(new URL(link).pathname))).statusCode).not.toBe(200);
  });

  it('resend: a new link goes through the outbox, the old link stops working, the new one creates the account', async () => {
    const { app, session } = await setUp();
    const first = await session.post(
      '/users/invite',
      { email: 'late@example.org', name: 'Late Larry', role: 'staff', organizationId: '' },
      '/users',
    );
    const oldLink = SETUP_LINK.exec(first.body)![0];
    const id = app.repos.invitations.listUnused()[0]!.id;

    const resent = await session.post(`/users/invitations/${id}/resend`, {}, '/users');
    expect(resent.statusCode).toBe(200);
    expect(resent.body).toContain('the earlier link no longer works');
    const newLink = SETUP_LINK.exec(resent.body)![0];
    expect(newLink).not.toBe(oldLink);
    const mails = app.repos.outbox.list().filter((m) => m.kind === 'invitation');
    expect(mails).toHaveLength(2);
    expect(mails.some((m) => m.text.includes(newLink))).toBe(true);

    const stranger = await browserSession(app);
    const old = await stranger.get(new URL(oldLink).pathname);
    expect(old.statusCode).not.toBe(200);
    const path = new URL(newLink).pathname;
    expect((await stranger.get(path)).statusCode).toBe(200);
    const done = await stranger.post(path, {
      name: 'Larry',
      password: TEST_PASSWORD,
      passwordConfirm: TEST_PASSWORD,
    });
    expect(done.statusCode).toBe(302);
    expect(app.repos.users.findByEmail('late@example.org')?.role).toBe('staff');
    expect(rowOf((await session.get('/users')).body, 'late@example.org')).toBeUndefined();
  });

  it('revoke: the invitation leaves the list and its link stops working', async () => {
    const { app, session } = await setUp();
    const invited = await session.post(
      '/users/invite',
      { email: 'gone@example.org', name: '', role: 'member', organizationId: '' },
      '/users',
    );
    const link = SETUP_LINK.exec(invited.body)![0];
    const id = app.repos.invitations.listUnused()[0]!.id;
    const revoked = await session.post(`/users/invitations/${id}/revoke`, {}, '/users');
    expect(revoked.statusCode).toBe(302);
    const page = await session.get('/users');
    expect(page.body).toContain('The invitation for gone@example.org is revoked');
    expect(rowOf(page.body, 'gone@example.org')).toBeUndefined();
    expect((await (await browserSession(app)).get(new URL(link).pathname)).statusCode).not.toBe(200);
    // a second revoke finds nothing, says so, and changes nothing
    await session.post(`/users/invitations/${id}/revoke`, {}, '/users');
    expect((await session.get('/users')).body).toContain(`Invitation ${id} not found`);
  });

  it('changes the organization of a member invited without one, and back to none', async () => {
    const { app, f, session } = await setUp();
    const org = f.organization({ name: 'Faith Investors' });
    const member = await createUser(app, 'member', { name: 'Mo Member' });
    expect(member.organizationId).toBeNull();
    await session.post(`/users/${member.id}/organization`, { organizationId: String(org.id) }, '/users');
    expect(app.repos.users.findById(member.id)?.organizationId).toBe(org.id);
    const page = await session.get('/users');
    expect(page.body).toContain('Mo Member now belongs to Faith Investors.');
    await session.post(`/users/${member.id}/organization`, { organizationId: '' }, '/users');
    expect(app.repos.users.findById(member.id)?.organizationId).toBeNull();
    await session.post(`/users/${member.id}/organization`, { organizationId: 'abc' }, '/users');
    expect(app.repos.users.findById(member.id)?.organizationId).toBeNull();
    const refused = await session.get('/users');
    expect(refused.body).toContain('Choose an organization from the list');
  });

  it('only admins reach the new actions', async () => {
    const { app } = await setUp();
    const coordinator = await createUser(app, 'coordinator');
    const session = await browserSession(app, coordinator.email);
    const page = await session.get('/');
    expect(page.statusCode).toBe(200);
    for (const url of [
      '/users/invitations/1/resend',
      '/users/invitations/1/revoke',
      `/users/${coordinator.id}/organization`,
    ]) {
      const response = await session.post(url, { organizationId: '' }, '/');
      expect(response.statusCode, url).toBe(403);
    }
  });
});
