import { describe, expect, it } from 'vitest';
import { apiUser, buildTestApp } from '../../../helper.js';

// The success answers no other test file receives. Each passes through the contract check of
// test/api-contract-check.ts: a field the handler returns that the response schema leaves out
// (Fastify would drop it) or a status the route does not document fails this file.
const app = await buildTestApp();
const admin = await apiUser(app, 'admin');
const staff = await apiUser(app, 'staff');

const rawMail = (subject: string) =>
  [
    'From: Investor Relations <ir@shapes.example>',
    'To: info@docket.test',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}@shapes.example>`,
    'Date: Mon, 4 May 2026 09:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'We will answer your questions next week.',
    '',
  ].join('\r\n');

describe('answers that keep every field the services give', () => {
  it('the health check', async () => {
    const response = await app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
  });

  it('the list of users, with their preferences', async () => {
    const response = await app.inject({ url: '/api/users', headers: admin.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toContainEqual(
      expect.objectContaining({
        id: admin.user.id,
        role: 'admin',
        active: true,
        preferences: expect.objectContaining({ digest: expect.any(String) }),
      }),
    );
  });

  it('an outgoing email in full, and a failed one queued again', async () => {
    const invited = await app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: admin.headers,
      payload: { email: 'shapes-invitee@example.org', role: 'staff' },
    });
    expect(invited.statusCode).toBe(201);
    const coordinator = await apiUser(app, 'coordinator');
    const list = (await app.inject({ url: '/api/outbox', headers: coordinator.headers })).json() as {
      id: number;
      to: string;
    }[];
    const message = list.find((m) => m.to.includes('shapes-invitee@example.org'))!;
    const detail = await app.inject({ url: `/api/outbox/${message.id}`, headers: coordinator.headers });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: message.id,
      status: 'queued',
      headers: expect.any(Object),
      text: expect.any(String),
      html: expect.any(String),
    });

    app.repos.outbox.update(message.id, { status: 'failed', lastError: '550 no such user' });
    const resent = await app.inject({
      method: 'POST',
      url: `/api/outbox/${message.id}/resend`,
      headers: coordinator.headers,
    });
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ id: message.id, status: 'queued', lastError: null });
  });

  it('an unmatched email in the inbox with its text, then discarded', async () => {
    const outcome = await app.services.inbound.receive(rawMail('Shapes question'));
    const id = (outcome as { inboundMessageId: number }).inboundMessageId;
    const detail = await app.inject({ url: `/api/inbox/${id}`, headers: staff.headers });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id,
      subject: 'Shapes question',
      text: expect.stringContaining('next week'),
      attachments: [],
    });
    const discarded = await app.inject({
      method: 'POST',
      url: `/api/inbox/${id}/discard`,
      headers: staff.headers,
    });
    expect(discarded.statusCode).toBe(204);
    expect(discarded.body).toBe('');
  });

  it('an organization archived and brought back', async () => {
    const coordinator = await apiUser(app, 'coordinator');
    const organization = app.services.organizations.create(
      { name: 'Shapes Org', kind: 'ngo', country: 'GB' },
      { userId: null, label: 'test' },
    );
    for (const [path, archived] of [
      ['archive', true],
      ['unarchive', false],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/organizations/${organization.id}/${path}`,
        headers: coordinator.headers,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: organization.id, name: 'Shapes Org' });
      expect(response.json().archivedAt === null).toBe(!archived);
    }
  });

  it('a template preview with what it was filled in with', async () => {
    const templates = (await app.inject({ url: '/api/templates', headers: staff.headers })).json() as {
      id: number;
      kind: string;
    }[];
    const letter = templates.find((t) => t.kind === 'initial')!;
    const response = await app.inject({
      method: 'POST',
      url: `/api/templates/${letter.id}/preview`,
      headers: staff.headers,
      payload: { subject: 'To {{company.name}}', body: 'Dear {{company.name}},' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ contextLabel: expect.any(String) });
    expect(Object.keys(response.json()).length).toBeGreaterThan(1);
  });
});
