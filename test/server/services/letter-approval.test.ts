import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { apiUser, browserSession, buildTestApp, createUser, type TestApp } from '../../helper.js';

const clock = fixedClock('2026-05-04T09:00:00Z');
let app: TestApp;
let coordinator: Record<string, string>;
let staff: Record<string, string>;
let staffName: string;
let campaignId: number;
let companyId: number;

const call = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
  app.inject({ method: method as 'POST', url, headers, ...(payload && { payload }) });

async function approvedLetter(title: string) {
  const created = await call('POST', `/api/campaigns/${campaignId}/letters`, staff, {
    title,
    body: 'Dear {{company.name}}, please answer.',
    questions: ['Why?'],
    companyIds: [companyId],
  });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as number;
  expect((await call('POST', `/api/letters/${id}/approve`, coordinator)).statusCode).toBe(200);
  return id;
}

async function editLetterEmailTemplate(marker: string) {
  const template = app.repos.templates.findByBuiltinKey('emails/letter.html')!;
  const response = await call('PUT', `/api/templates/${template.id}`, staff, {
    body: template.body.replace('{{{html}}}', `<p>${marker}</p>{{{html}}}`),
  });
  expect(response.statusCode).toBe(200);
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  coordinator = (await apiUser(app, 'coordinator')).headers;
  const staffUser = await apiUser(app, 'staff');
  staff = staffUser.headers;
  staffName = staffUser.user.name;
  const actor = { userId: null, label: 'test' };
  companyId = app.services.companies.create(
    { name: 'Frozen Plc', country: 'GB', contacts: [{ function: 'ir', email: 'ir@frozen.example' }] },
    actor,
  ).id;
  campaignId = app.services.campaigns.create({ name: 'Approvals' }, actor).id;
});

describe('the letter as approved is what goes out', () => {
  it('keeps the approved text and email template when the template and company change afterwards', async () => {
    const id = await approvedLetter('Letter A');
    await editLetterEmailTemplate('INSERTED AFTER APPROVAL');
    expect(
      (await call('PATCH', `/api/companies/${companyId}`, staff, { name: 'Renamed Plc' })).statusCode,
    ).toBe(200);

    const coordinatorUser = await createUser(app, 'coordinator');
    const page = await (await browserSession(app, coordinatorUser.email)).get(`/letters/${id}`);
    expect(page.body).toContain('id="template-changes"');
    expect(page.body).toContain(`changed by ${staffName}`);
    expect(page.body).toContain(`action="/letters/${id}/reapprove"`);

    expect(
      (await call('POST', `/api/letters/${id}/send`, coordinator, { channel: 'email' })).statusCode,
    ).toBe(200);
    const sent = app.repos.outbox.list(undefined, 500).filter((m) => m.dispatchId !== null);
    const html = sent.map((m) => m.html).join('\n');
    expect(html).toContain('Dear Frozen Plc');
    expect(html).not.toContain('INSERTED AFTER APPROVAL');
    await call('PATCH', `/api/companies/${companyId}`, staff, { name: 'Frozen Plc' });
  });

  it('approving again takes the current templates; a draft cannot be approved again', async () => {
    const id = await approvedLetter('Letter B');
    await editLetterEmailTemplate('SECOND EDIT');
    const staffTry = await call('POST', `/api/letters/${id}/reapprove`, staff);
    expect(staffTry.statusCode).toBe(403);
    expect((await call('POST', `/api/letters/${id}/reapprove`, coordinator)).json().status).toBe('approved');
    const coordinatorUser = await createUser(app, 'coordinator');
    const page = await (await browserSession(app, coordinatorUser.email)).get(`/letters/${id}`);
    expect(page.body).not.toContain('id="template-changes"');
    const before = new Set(app.repos.outbox.list(undefined, 500).map((m) => m.id));
    await call('POST', `/api/letters/${id}/send`, coordinator, { channel: 'email' });
    const html = app.repos.outbox
      .list(undefined, 500)
      .filter((m) => !before.has(m.id))
      .map((m) => m.html)
      .join('\n');
    expect(html).toContain('SECOND EDIT');

    const draftId = (
      await call('POST', `/api/campaigns/${campaignId}/letters`, staff, {
        title: 'Draft',
        body: 'Hi',
        questions: ['Q?'],
        companyIds: [companyId],
      })
    ).json().id;
    expect((await call('POST', `/api/letters/${draftId}/reapprove`, coordinator)).statusCode).toBe(409);
  });
});
