import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TemplateRow } from '../../../../db/repositories/index.js';
import { fixedClock } from '../../../../server/lib/clock.js';
import { TEMPLATES_DIR } from '../../../../server/services/renderer.js';
import { apiUser, browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

const clock = fixedClock('2026-05-04T09:00:00Z');
let app: TestApp;
let admin: Record<string, string>;
let staff: Record<string, string>;
let inviteCount = 0;

const template = (name: string): TemplateRow => app.services.templates.list().find((t) => t.name === name)!;

const put = (name: string, body: string, headers = admin) =>
  app.inject({ method: 'PUT', url: `/api/templates/${template(name).id}`, headers, payload: { body } });

async function invite() {
  inviteCount++;
  const email = `invited${inviteCount}@example.org`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/users/invitations',
    headers: admin,
    payload: { email, name: 'Invited Person', role: 'admin' },
  });
  expect(response.statusCode).toBe(201);
  // The To header carries the display name (issue 12): match the address inside it.
  return app.repos.outbox.list().find((m) => m.toAddress === email || m.toAddress.endsWith(`<${email}>`))!;
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  admin = (await apiUser(app, 'admin')).headers;
  staff = (await apiUser(app, 'staff')).headers;
});

describe('system emails: admin-only, with the link outside the editable text', () => {
  it('staff cannot edit or restore the invitation, reminders or digests; they still edit the letter email', async () => {
    for (const name of [
      'invitation.html',
      'invitation.text',
      'invitation.subject',
      'reminder-overdue.html',
      'digest.text',
    ]) {
      const before = template(name).version;
      const response = await put(name, 'Hello {{name}}', staff);
      expect(response.statusCode, name).toBe(403);
      expect(template(name).version).toBe(before);
      const revert = await app.inject({
        method: 'POST',
        url: `/api/templates/${template(name).id}/revert`,
        headers: staff,
        payload: { version: 1 },
      });
      expect(revert.statusCode, name).toBe(403);
    }
    const letter = template('letter.text');
    expect((await put('letter.text', `${letter.body}\nKind regards`, staff)).statusCode).toBe(200);
  });

  it('the editable text cannot use the link; the sent invitation carries it in the fixed block', async () => {
    const withLink = await put(
      'invitation.html',
      '<p><a href="https://evil.example/?next={{url}}">Join</a></p>',
    );
    expect(withLink.statusCode).toBe(400);
    expect(withLink.json().message).toMatch(/^body: .*unknown variable "url"/);
    const reworded = await put(
      'invitation.html',
      '<p>Hello {{name}}, {{inviterName}} asks you to <a href="https://evil.example/">follow this</a>.</p>',
    );
    expect(reworded.statusCode).toBe(200);
    const message = await invite();
    const setupLinks = message.html.match(/href="http:\/\/docket\.test\/setup\/[^"]+"/g) ?? [];
    expect(setupLinks).toHaveLength(1);
    expect(message.html).toContain('Set your password and log in</a>');
    expect(message.html).toContain('asks you to');
    expect(message.text).toMatch(
      /with this link \(it works once, until .*\):\n\nhttp:\/\/docket\.test\/setup\//,
    );
  });

  it('refuses scripts, forms, buttons, meta refresh and external resources, naming the line', async () => {
    const bad = [
      ['<p>x</p>\n<script>alert(1)</script>', /line 2: <script> is not allowed/],
      ['<meta http-equiv="refresh" content="0;url=https://evil.example">', /<meta> is not allowed/],
      ['<button formaction="/users/invite">Go</button>', /<button> is not allowed.*formaction/],
      ['<form action="/users/invite"><input name="x"></form>', /<form> is not allowed/],
      ['<img src="https://tracker.example/p.gif">', /<img> is not allowed/],
      ['<p style="background: url(https://tracker.example/p.gif)">x</p>', /styles may not load anything/],
      ['<a href="javascript:alert(1)">x</a>', /links must be http\(s\)/],
      ['<p onclick="alert(1)">x</p>', /onclick attribute is not allowed/],
    ] as const;
    for (const name of ['invitation.html', 'letter.html']) {
      for (const [body, message] of bad) {
        const before = template(name).version;
        const source = name === 'letter.html' ? `${body}{{{html}}}{{ref}}` : body;
        const response = await put(name, source);
        expect(response.statusCode, body).toBe(400);
        expect(response.json().message, body).toMatch(/^body: /);
        expect(response.json().message, body).toMatch(message);
        expect(template(name).version).toBe(before);
      }
    }
  });

  it('a stored copy from before these rules is sanitized when sent and shown only inside a sandboxed preview', async () => {
    const invitation = template('invitation.html');
    app.repos.templates.addVersion(invitation.id, {
      subject: null,
      body: '<meta http-equiv="refresh" content="0;url=https://evil.example"><p>Hi {{name}}</p><button formaction="/users/invite" form="x">Go</button><script>alert(1)</script>',
      createdBy: null,
    });
    const message = await invite();
    expect(message.html).not.toMatch(/<meta|<button|<script|evil\.example/);
    expect(message.html).toContain('<p>Hi Invited Person</p>');

    const adminUser = await createUser(app, 'admin');
    const page = await (await browserSession(app, adminUser.email)).get(`/templates/${invitation.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="preview-error"');
    expect(page.body).not.toMatch(/<meta http-equiv|<button formaction|<script>alert/);

    const valid = await (await browserSession(app, adminUser.email)).get(
      `/templates/${template('reminder-overdue.html').id}`,
    );
    expect(valid.body).toMatch(
      /<iframe id="preview-frame"[^>]* sandbox=""[^>]* srcdoc="&lt;!doctype html&gt;/,
    );
  });

  it('on start, an edited system email that uses a link is reset to the built-in file', () => {
    const invitation = template('invitation.text');
    app.repos.templates.addVersion(invitation.id, {
      subject: null,
      body: 'Go to https://evil.example/?u={{url}}',
      createdBy: null,
    });
    app.services.templates.syncBuiltins();
    const after = template('invitation.text');
    expect(after.version).toBe(invitation.version + 2);
    expect(after.body).toBe(readFileSync(join(TEMPLATES_DIR, 'emails', 'invitation.text.hbs'), 'utf8'));
  });

  it('the editor tells staff an email is admin-only and offers no save', async () => {
    const staffUser = await createUser(app, 'staff');
    const session = await browserSession(app, staffUser.email);
    const page = await session.get(`/templates/${template('reminder-overdue.html').id}`);
    expect(page.body).toContain('id="admin-only"');
    expect(page.body).toContain('id="fixed-link-note"');
    expect(page.body).not.toContain('value="save"');
    const saved = await session.post(`/templates/${template('reminder-overdue.html').id}`, {
      body: '<p>Hello {{name}}</p>',
      action: 'save',
    });
    expect(saved.statusCode).toBe(403);
  });
});
