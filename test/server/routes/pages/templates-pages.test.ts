import { beforeAll, describe, expect, it } from 'vitest';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

let app: TestApp;
let session: Awaited<ReturnType<typeof browserSession>>;
let followUpId: number;

beforeAll(async () => {
  app = await buildTestApp();
  session = await browserSession(app, (await createUser(app, 'staff')).email);
  followUpId = app.services.templates.letterTemplate('follow_up').id;
});

describe('the template editor', () => {
  it('lists the templates by purpose under plain names, saying when each is used', async () => {
    const page = await session.get('/templates');
    expect(page.statusCode).toBe(200);
    const headings = [...page.body.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings.slice(0, 4)).toEqual([
      'Letters to companies',
      'Emails that carry letters to companies',
      'Reminders to your team and members',
      'Digests and accounts',
    ]);
    const rows = [...page.body.matchAll(/<th scope="row">([^<]+)<\/th>\s*<td>([^<]*)<\/td>/g)].map((m) => ({
      title: m[1],
      whenUsed: m[2],
    }));
    expect(rows.map((row) => row.title)).toEqual([
      'First letter',
      'Follow-up letter',
      'Reminder to a company',
      'Escalation letter',
      'Letter sent by email',
      'Responses due soon',
      'Responses overdue',
      'Ready to publish or escalate',
      'Sign-on closing soon',
      'Filing deadline coming up',
      'Invitation to sign a letter',
      'A reply waits for review',
      'Abuse report received',
      'Daily or weekly digest',
      'Invitation to Docket',
    ]);
    for (const row of rows) expect(row.whenUsed?.length, row.title).toBeGreaterThan(20);
    // no file names as visible labels; each email's three parts are links in its one row
    expect(page.body).not.toMatch(/>[a-z-]+\.(subject|text|html)</);
    const invitationParts = app.services.templates
      .list('email')
      .filter((t) => t.name.startsWith('invitation.'))
      .map((t) => t.id);
    expect(invitationParts).toHaveLength(3);
    for (const id of invitationParts) expect(page.body).toContain(`href="/templates/${id}"`);
    expect(page.body).toContain('aria-label="Invitation to Docket: Subject line"');
  });

  it('shows a template of your own under its own name with its kind', async () => {
    const created = app.services.templates.create(
      { name: 'Investor follow-up', kind: 'follow_up', body: 'Dear {{company.name}}' },
      { userId: null, label: 'test' },
    );
    const page = await session.get('/templates');
    expect(page.body).toContain('<th scope="row">Investor follow-up</th>');
    expect(page.body).toContain('Your own follow-up letter;');
    expect(page.body).toContain(`href="/templates/${created.id}"`);
  });

  it('shows the source with a preview, the variables and the helpers', async () => {
    const page = await session.get(`/templates/${followUpId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Follow-up: Request for an urgent dialogue');
    expect(page.body).toContain('<code>openQuestions</code>');
    expect(page.body).toContain('{{plural openQuestions.length &quot;question&quot; &quot;questions&quot;}}');
  });

  it('shows a template error inline with its line and column, and saves nothing', async () => {
    const response = await session.post(
      `/templates/${followUpId}`,
      {
        subject: 'Follow-up',
        body: 'Dear {{company.name}},\n{{#each openQuestions}}{{nmber}}{{/each}}',
        action: 'save',
      },
      `/templates/${followUpId}`,
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('line 2, column 26: unknown variable &quot;nmber&quot;');
    expect(app.services.templates.get(followUpId).version).toBe(1);
  });

  it('previews against a real dispatch, saves a version, compares and restores', async () => {
    const actor = { userId: null, label: 't' };
    const company = app.services.companies.create({ name: 'Preview Corp', country: 'GB' }, actor);
    const campaign = app.services.campaigns.create({ name: 'Preview campaign' }, actor);
    const letter = app.services.letters.create(
      campaign.id,
      { title: 'First letter', body: 'Hi', questions: ['One?', 'Two?'], companyIds: [company.id] },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    const dispatch = app.services.sending.send(letter.id, { channel: 'post' }, actor).dispatches[0]!;
    const template = app.services.templates.get(followUpId);
    const preview = await session.post(
      `/templates/${followUpId}/preview`,
      { subject: template.subject!, body: template.body, dispatchId: String(dispatch.id), companyId: '' },
      `/templates/${followUpId}`,
    );
    expect(preview.statusCode).toBe(200);
    const result = preview.json();
    expect(result.contextLabel).toBe('Preview Corp, following up “First letter”');
    expect(result.subject).toBe('Follow-up: First letter');
    expect(result.html).toContain('Dear Preview Corp');
    expect(result.html).toContain('<li value="2">Two?</li>');

    const saved = await session.post(
      `/templates/${followUpId}`,
      { subject: template.subject!, body: `${template.body}\nWith thanks.`, action: 'save' },
      `/templates/${followUpId}`,
    );
    expect(saved.statusCode).toBe(302);
    expect(app.services.templates.get(followUpId).version).toBe(2);
    const compare = await session.get(`/templates/${followUpId}/compare?from=1&to=2`);
    expect(compare.body).toMatch(/<span class="diff-added">[^<]*With thanks\.<\/span>/);
    const restored = await session.post(
      `/templates/${followUpId}/revert`,
      { version: '1' },
      `/templates/${followUpId}`,
    );
    expect(restored.statusCode).toBe(302);
    expect(app.services.templates.get(followUpId)).toMatchObject({ version: 3, body: template.body });
  });
});
