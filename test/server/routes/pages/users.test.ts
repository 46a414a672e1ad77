import { describe, expect, it } from 'vitest';
import { browserSession, buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../../../helper.js';

const SETUP_LINK = /http:\/\/docket\.test\/setup\/[\w-]{20,}/;

async function adminSession(app: TestApp) {
  const admin = await createUser(app, 'admin');
  return { admin, session: await browserSession(app, admin.email) };
}

describe('user administration pages', () => {
  it('admin invites by email: the invitation is in the outbox, and the link creates the account with the invited role', async () => {
    const app = await buildTestApp();
    const { session } = await adminSession(app);
    const organization = app.services.organizations.create(
      { name: 'Invited Org', kind: 'ngo', country: 'GB' },
      { userId: null, label: 'test' },
    );

    const response = await session.post(
      '/users/invite',
      {
        email: 'newcomer@example.org',
        name: 'Nia Newcomer',
        role: 'staff',
        organizationId: String(organization.id),
      },
      '/users',
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Invitation for <strong>newcomer@example.org</strong> is in the outbox');
    const shownLink = SETUP_LINK.exec(response.body)?.[0];
    expect(shownLink).toBeDefined();

    const messages = app.repos.outbox.list();
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    expect(message).toMatchObject({
      kind: 'invitation',
      toAddress: '"Nia Newcomer" <newcomer@example.org>', // issue 12: display names in To
      status: 'queued',
    });
    expect(message.messageId).toMatch(/^<[\w-]+@docket\.test>$/);
    expect(message.subject).toContain('invited you to Docket');
    expect(message.text).toContain(shownLink);
    expect(message.html).toContain(`href="${shownLink}"`);
    expect(message.text).toContain('campaign staff');
    expect(message.text).toContain('Nia Newcomer');

    const invited = await browserSession(app);
    const path = new URL(shownLink!).pathname;
    const form = await invited.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="newcomer@example.org"');
    expect(form.body).toContain('value="Nia Newcomer"');
    expect(form.body).toContain('campaign staff');

    const done = await invited.post(path, {
      name: 'Nia N.',
      email: 'someone-else@example.org',
      password: TEST_PASSWORD,
      passwordConfirm: TEST_PASSWORD,
    });
    expect(done.statusCode).toBe(302);
    const user = app.repos.users.findByEmail('newcomer@example.org');
    expect(user).toMatchObject({
      name: 'Nia N.',
      role: 'staff',
      organizationId: organization.id,
      active: true,
    });
    expect(app.repos.users.findByEmail('someone-else@example.org')).toBeUndefined();
    const home = await invited.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Nia N.');
    expect((await invited.get('/companies/new')).statusCode).toBe(200);
    expect((await invited.get('/users')).statusCode).toBe(403);

    const reused = await app.inject({ url: path });
    expect(reused.statusCode).toBe(404);
  });

  it('invitation form errors re-render with 422 and nothing is queued', async () => {
    const app = await buildTestApp();
    const { admin, session } = await adminSession(app);
    const bad = await session.post(
      '/users/invite',
      { email: 'not-an-email', name: 'X', role: 'boss' },
      '/users',
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="email-error">Enter an email address, like name@example.org</);
    expect(bad.body).toMatch(/id="role-error">Choose a role from the list</);
    expect(bad.body).toContain('value="not-an-email"');

    const taken = await session.post(
      '/users/invite',
      { email: admin.email.toUpperCase(), role: 'member' },
      '/users',
    );
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toMatch(/id="email-error">An account with this email already exists</);

    const unknownOrg = await session.post(
      '/users/invite',
      { email: 'x@example.org', role: 'member', organizationId: '9999' },
      '/users',
    );
    expect(unknownOrg.statusCode).toBe(422);
    expect(unknownOrg.body).toMatch(/id="organizationId-error">/);

    expect(app.repos.outbox.list()).toHaveLength(0);
  });

  it('changes a role', async () => {
    const app = await buildTestApp();
    const { session } = await adminSession(app);
    const user = await createUser(app, 'member');
    const response = await session.post(`/users/${user.id}/role`, { role: 'coordinator' }, '/users');
    expect(response.statusCode).toBe(302);
    expect(app.repos.users.findById(user.id)!.role).toBe('coordinator');
    expect((await session.get('/users')).body).toContain('is now coordinator.');

    const bad = await session.post(`/users/${user.id}/role`, { role: 'emperor' }, '/users');
    expect(bad.statusCode).toBe(302);
    expect(app.repos.users.findById(user.id)!.role).toBe('coordinator');
  });

  it('deactivating a user logs them out and keeps them out; reactivating lets them in again', async () => {
    const app = await buildTestApp();
    const { session } = await adminSession(app);
    const user = await createUser(app, 'staff');
    const theirs = await browserSession(app, user.email);
    expect((await theirs.get('/companies')).statusCode).toBe(200);

    const response = await session.post(`/users/${user.id}/active`, { active: 'false' }, '/users');
    expect(response.statusCode).toBe(302);
    expect(app.repos.users.findById(user.id)!.active).toBe(false);

    expect((await theirs.get('/companies')).statusCode).toBe(401);
    const login = await browserSession(app);
    const refused = await login.post('/login', { email: user.email, password: TEST_PASSWORD });
    expect(refused.statusCode).toBe(401);
    const token = app.services.auth.createApiToken(user.id, 'test');
    const api = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(401);

    await session.post(`/users/${user.id}/active`, { active: 'true' }, '/users');
    expect(app.repos.users.findById(user.id)!.active).toBe(true);
    const back = await browserSession(app);
    expect((await back.post('/login', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(302);
  });

  it('the last active admin cannot be demoted or deactivated', async () => {
    const app = await buildTestApp();
    const { admin, session } = await adminSession(app);

    const demote = await session.post(`/users/${admin.id}/role`, { role: 'coordinator' }, '/users');
    expect(demote.statusCode).toBe(302);
    expect(app.repos.users.findById(admin.id)!.role).toBe('admin');
    expect((await session.get('/users')).body).toContain(
      'the last active admin cannot be demoted or deactivated',
    );

    const deactivate = await session.post(`/users/${admin.id}/active`, { active: 'false' }, '/users');
    expect(deactivate.statusCode).toBe(302);
    expect(app.repos.users.findById(admin.id)!.active).toBe(true);
    expect((await session.get('/users')).statusCode).toBe(200);

    const second = await createUser(app, 'admin');
    expect((await session.post(`/users/${second.id}/active`, { active: 'false' }, '/users')).statusCode).toBe(
      302,
    );
    expect(app.repos.users.findById(second.id)!.active).toBe(false);
    await session.post(`/users/${admin.id}/role`, { role: 'member' }, '/users');
    expect(app.repos.users.findById(admin.id)!.role).toBe('admin');

    const api = app.services.auth.createApiToken(admin.id, 'test');
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/users/${admin.id}`,
      headers: { authorization: `Bearer ${api}` },
      payload: { role: 'staff' },
    });
    expect(patch.statusCode).toBe(409);
    expect(patch.json()).toMatchObject({ statusCode: 409, code: 'LAST_ADMIN' });
    expect(patch.json().message).toContain('role');
  });

  it('non-admins cannot reach the user pages', async () => {
    const app = await buildTestApp();
    await createUser(app, 'admin');
    const coordinator = await createUser(app, 'coordinator');
    const session = await browserSession(app, coordinator.email);
    expect((await session.get('/users')).statusCode).toBe(403);
    const post = await session.post(`/users/${coordinator.id}/role`, { role: 'admin' }, '/companies');
    expect(post.statusCode).toBe(403);
    expect(app.repos.users.findById(coordinator.id)!.role).toBe('coordinator');
  });
});
