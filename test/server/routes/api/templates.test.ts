import { beforeAll, describe, expect, it } from 'vitest';
import { emailNameOf } from '../../../../server/services/templates/templates-service.js';
import { EMAIL_FIXTURES, LETTER_FIXTURE } from '../../../../server/services/templates/variables.js';
import { apiUser, buildTestApp, type TestApp } from '../../../helper.js';

let app: TestApp;
let staff: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  staff = (await apiUser(app, 'staff')).headers;
});

describe('the template library', () => {
  it('holds every built-in letter and email template, each email as subject, text and HTML', async () => {
    const list = (await app.inject({ url: '/api/templates', headers: staff })).json() as {
      name: string;
      kind: string;
      version: number;
    }[];
    const letters = list
      .filter((t) => t.kind !== 'email')
      .map((t) => t.kind)
      .sort();
    expect(letters).toEqual(['escalation', 'follow_up', 'initial', 'reminder']);
    const emails = list.filter((t) => t.kind === 'email').map((t) => t.name);
    for (const name of ['invitation', 'letter']) {
      expect(emails).toEqual(expect.arrayContaining([`${name}.subject`, `${name}.text`, `${name}.html`]));
    }
    expect(list.every((t) => t.version === 1)).toBe(true);
  });

  it('renders every built-in template against fixture data', async () => {
    for (const template of app.services.templates.list()) {
      if (template.kind === 'email')
        expect(EMAIL_FIXTURES[emailNameOf(template)], template.name).toBeDefined();
      const preview = app.services.templatePreview.preview(template, { body: template.body });
      const output = `${preview.subject ?? ''}${preview.text ?? ''}${preview.html ?? ''}`;
      expect(output.length, template.name).toBeGreaterThan(10);
      expect(output, template.name).not.toMatch(/\{\{|undefined|\[object Object\]/);
    }
    const followUp = app.services.templates.letterTemplate('follow_up');
    const preview = app.services.templatePreview.preview(followUp, { body: followUp.body });
    expect(preview.subject).toBe(`Follow-up: ${LETTER_FIXTURE.previousLetter.title}`);
    expect(preview.text).toContain(
      'On 11 April 2023 the members of Responsible exit from Russia wrote to you',
    );
    expect(preview.text).toContain('by 25 April 2023');
    expect(preview.text).toContain('you would answer by 15 May 2023');
    expect(preview.text).toContain('1 question remains open');
    expect(preview.text).toContain('2. What policies prevent such breaches from recurring?');
    expect(preview.html).toContain('<li value="2">');
  });

  it('rejects a template that does not compile, with line and column', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: staff,
      payload: {
        name: 'Broken',
        kind: 'follow_up',
        body: 'Dear {{company.name}},\n\nWe wrote {{#if previousLetter}}\nno end',
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/^body: line \d+, column \d+: syntax error/);
  });

  it('rejects an unknown variable and an unknown helper with their positions (strict mode)', async () => {
    const variable = await app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: staff,
      payload: {
        name: 'Typo',
        kind: 'initial',
        subject: 'Hello',
        body: 'Dear {{company.name}},\n\n  {{campaing.name}}',
      },
    });
    expect(variable.statusCode).toBe(400);
    expect(variable.json().message).toBe('body: line 3, column 5: unknown variable "campaing.name"');
    const helper = await app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: staff,
      payload: { name: 'Helper', kind: 'initial', subject: '{{shout company.name}}', body: 'x' },
    });
    expect(helper.statusCode).toBe(400);
    expect(helper.json().message).toBe('subject: line 1, column 3: unknown helper "shout"');
    const inEach = await app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: staff,
      payload: { name: 'Each', kind: 'initial', body: '{{#each questions}}{{number}} {{txt}}{{/each}}' },
    });
    expect(inEach.json().message).toBe('body: line 1, column 33: unknown variable "txt"');
    expect(app.services.templates.list().some((t) => ['Typo', 'Helper', 'Each'].includes(t.name))).toBe(
      false,
    );
  });

  it('keeps every version, shows the difference and reverts', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: staff,
      payload: {
        name: 'Investor follow-up',
        kind: 'follow_up',
        subject: 'Again: {{previousLetter.title}}',
        body: 'Dear {{company.name}},\nline two',
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const put = (body: string) =>
      app.inject({ method: 'PUT', url: `/api/templates/${id}`, headers: staff, payload: { body } });
    expect((await put('Dear {{company.name}},\nline 2 changed')).json().version).toBe(2);
    expect((await put('Dear {{company.name}},\nline three')).json().version).toBe(3);
    const bad = await put('Dear {{compny.name}}');
    expect(bad.statusCode).toBe(400);
    const template = (await app.inject({ url: `/api/templates/${id}`, headers: staff })).json();
    expect(template.version).toBe(3);
    expect(template.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const diff = (await app.inject({ url: `/api/templates/${id}/diff?from=1&to=3`, headers: staff })).json();
    expect(diff).toEqual(
      expect.arrayContaining([
        { kind: 'removed', text: 'line two' },
        { kind: 'added', text: 'line three' },
      ]),
    );
    const reverted = await app.inject({
      method: 'POST',
      url: `/api/templates/${id}/revert`,
      headers: staff,
      payload: { version: 1 },
    });
    expect(reverted.json()).toMatchObject({ version: 4, body: 'Dear {{company.name}},\nline two' });
    const old = await app.inject({ url: `/api/templates/${id}/versions/2`, headers: staff });
    expect(old.json().body).toContain('line 2 changed');
    expect((await app.inject({ url: `/api/templates/${id}/versions/9`, headers: staff })).statusCode).toBe(
      404,
    );
  });

  it('an edited email template is the one that is sent', async () => {
    const html = app.services.templates.list().find((t) => t.name === 'invitation.subject')!;
    const admin = await apiUser(app, 'admin');
    // The invitation is a system email: only an admin edits it.
    const byStaff = await app.inject({
      method: 'PUT',
      url: `/api/templates/${html.id}`,
      headers: staff,
      payload: { body: 'Join {{instanceName}} on Docket, {{name}}' },
    });
    expect(byStaff.statusCode).toBe(403);
    const edited = await app.inject({
      method: 'PUT',
      url: `/api/templates/${html.id}`,
      headers: admin.headers,
      payload: { body: 'Join {{instanceName}} on Docket, {{name}}' },
    });
    expect(edited.statusCode).toBe(200);
    const unknown = await app.inject({
      method: 'PUT',
      url: `/api/templates/${html.id}`,
      headers: admin.headers,
      payload: { body: '{{nmae}}' },
    });
    expect(unknown.statusCode).toBe(400);
    await app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: admin.headers,
      payload: { email: 'new.person@example.org', name: 'New Person', role: 'member' },
    });
    const message = app.repos.outbox
      .list()
      .find((m) => m.toAddress === '"New Person" <new.person@example.org>')!;
    expect(message.subject).toBe('Join your coalition on Docket, New Person');
  });
});
