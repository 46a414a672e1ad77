import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, buildTestApp, type TestApp } from '../../../helper.js';

const clock = fixedClock('2026-05-04T09:00:00Z');
let app: TestApp;
let coordinator: Record<string, string>;
let staff: Record<string, string>;
let campaignId: number;
let withContacts: number;
let withoutContacts: number;

const call = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
  app.inject({ method: method as 'POST', url, headers, ...(payload && { payload }) });

async function draft(companyIds = [withContacts], questions = ['Why?']) {
  const response = await call('POST', `/api/campaigns/${campaignId}/letters`, staff, {
    title: 'T',
    body: 'Dear {{company.name}}',
    questions,
    companyIds,
  });
  expect(response.statusCode).toBe(201);
  return response.json().id as number;
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  coordinator = (await apiUser(app, 'coordinator')).headers;
  staff = (await apiUser(app, 'staff')).headers;
  const actor = { userId: null, label: 'test' };
  withContacts = app.services.companies.create(
    { name: 'Reachable', country: 'GB', contacts: [{ function: 'ir', email: 'ir@reachable.example' }] },
    actor,
  ).id;
  withoutContacts = app.services.companies.create({ name: 'Unreachable Ltd', country: 'GB' }, actor).id;
  campaignId = app.services.campaigns.create({ name: 'Transitions' }, actor).id;
});

describe('letter state transitions through the API', () => {
  it('draft -> sign_on -> approved -> sent, and nothing after sent', async () => {
    const id = await draft();
    expect(
      (
        await call('POST', `/api/letters/${id}/sign-on`, coordinator, { closesAt: '2026-05-05T09:00:00Z' })
      ).json().status,
    ).toBe('sign_on');
    expect(
      (await call('POST', `/api/letters/${id}/sign-on`, coordinator, { closesAt: '2026-05-06T09:00:00Z' }))
        .statusCode,
    ).toBe(409);
    // Approving while sign-on is open asks to close it first; nothing changes until then.
    const early = await call('POST', `/api/letters/${id}/approve`, coordinator);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'SIGN_ON_OPEN' });
    expect(early.json().message).toContain('close sign-on first');
    expect(app.repos.letters.findById(id)!.status).toBe('sign_on');
    expect((await call('POST', `/api/letters/${id}/close-sign-on`, coordinator)).json().status).toBe(
      'sign_on',
    );
    expect((await call('POST', `/api/letters/${id}/approve`, coordinator)).json().status).toBe('approved');
    expect((await call('POST', `/api/letters/${id}/approve`, coordinator)).statusCode).toBe(409);
    expect(
      (await call('POST', `/api/letters/${id}/send`, coordinator, { channel: 'post' })).json().letter.status,
    ).toBe('sent');
    for (const action of ['approve', 'reopen', 'withdraw', 'send']) {
      const response = await call(
        'POST',
        `/api/letters/${id}/${action}`,
        coordinator,
        action === 'send' ? {} : undefined,
      );
      expect(response.statusCode, action).toBe(409);
    }
    expect(
      (await call('POST', `/api/letters/${id}/sign-on`, coordinator, { closesAt: '2026-06-01T00:00:00Z' }))
        .statusCode,
    ).toBe(409);
    expect((await call('PATCH', `/api/letters/${id}`, staff, { title: 'x' })).statusCode).toBe(409);
  });

  it('draft -> approved directly; approved -> draft again; a draft cannot be sent', async () => {
    const id = await draft();
    expect((await call('POST', `/api/letters/${id}/send`, coordinator, {})).statusCode).toBe(409);
    expect((await call('POST', `/api/letters/${id}/reopen`, coordinator)).statusCode).toBe(409);
    expect((await call('POST', `/api/letters/${id}/approve`, coordinator)).json().status).toBe('approved');
    expect((await call('PATCH', `/api/letters/${id}`, staff, { title: 'x' })).statusCode).toBe(409);
    expect((await call('POST', `/api/letters/${id}/reopen`, coordinator)).json().status).toBe('draft');
    expect((await call('PATCH', `/api/letters/${id}`, staff, { title: 'Edited' })).json().title).toBe(
      'Edited',
    );
  });

  it.each([
    'draft',
    'sign_on',
    'approved',
  ])('withdraws from %s, and a withdrawn letter goes nowhere', async (state) => {
    const id = await draft();
    if (state === 'sign_on')
      await call('POST', `/api/letters/${id}/sign-on`, coordinator, { closesAt: '2026-05-05T09:00:00Z' });
    if (state === 'approved') await call('POST', `/api/letters/${id}/approve`, coordinator);
    expect((await call('POST', `/api/letters/${id}/withdraw`, coordinator)).json().status).toBe('withdrawn');
    for (const action of ['approve', 'reopen', 'withdraw']) {
      expect((await call('POST', `/api/letters/${id}/${action}`, coordinator)).statusCode, action).toBe(409);
    }
  });

  it('sign-on closing must be in the future, and signatures stop at the closing time', async () => {
    const id = await draft();
    const past = await call('POST', `/api/letters/${id}/sign-on`, coordinator, {
      closesAt: '2026-05-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toContain('closesAt');
    await call('POST', `/api/letters/${id}/sign-on`, coordinator, { closesAt: '2026-05-04T12:00:00Z' });
    const organizationId = app.services.organizations.create(
      { name: `Org ${id}`, kind: 'ngo', country: 'GB' },
      { userId: null, label: 't' },
    ).id;
    clock.set('2026-05-04T12:00:01Z');
    const late = await call('POST', `/api/letters/${id}/signatures`, coordinator, {
      organizationId,
      signerName: 'Late',
    });
    expect(late.statusCode).toBe(409);
    clock.set('2026-05-04T09:00:00Z');
  });
});

describe('bad input to drafting and sending changes nothing', () => {
  it('rejects empty and 10,000-character questions', async () => {
    const before = app.repos.letters.listForCampaign(campaignId).length;
    const empty = await call('POST', `/api/campaigns/${campaignId}/letters`, staff, {
      title: 'T',
      body: 'b',
      questions: [''],
      companyIds: [],
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('questions');
    const blank = await call('POST', `/api/campaigns/${campaignId}/letters`, staff, {
      title: 'T',
      body: 'b',
      questions: ['   '],
      companyIds: [],
    });
    expect(blank.statusCode).toBe(400);
    const long = await call('POST', `/api/campaigns/${campaignId}/letters`, staff, {
      title: 'T',
      body: 'b',
      questions: ['x'.repeat(10_000)],
      companyIds: [],
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toMatch(/questions\/0/);
    const badTemplate = await call('POST', `/api/campaigns/${campaignId}/letters`, staff, {
      title: 'T',
      body: 'Dear {{#if}}',
      questions: [],
      companyIds: [],
    });
    expect(badTemplate.statusCode).toBe(400);
    expect(badTemplate.json().message).toContain('body');
    expect(app.repos.letters.listForCampaign(campaignId).length).toBe(before);
  });

  it('refuses to approve or send with no target companies', async () => {
    const id = await draft([]);
    const approve = await call('POST', `/api/letters/${id}/approve`, coordinator);
    expect(approve.statusCode).toBe(400);
    expect(approve.json().message).toContain('companyIds');
  });

  it('refuses to email a company without contacts, sends nothing, and allows post', async () => {
    const id = await draft([withContacts, withoutContacts]);
    await call('POST', `/api/letters/${id}/approve`, coordinator);
    const outboxBefore = app.repos.outbox.list().length;
    const refused = await call('POST', `/api/letters/${id}/send`, coordinator, { channel: 'email' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('no email contact for Unreachable Ltd');
    expect(app.repos.outbox.list().length).toBe(outboxBefore);
    expect(app.repos.dispatches.countForLetter(id)).toBe(0);
    expect(app.services.letters.get(id).status).toBe('approved');
    const byPost = await call('POST', `/api/letters/${id}/send`, coordinator, { channel: 'post' });
    expect(byPost.statusCode).toBe(200);
    expect(byPost.json().dispatches).toHaveLength(2);
    expect(app.repos.outbox.list().length).toBe(outboxBefore);
  });

  it('refuses a send date in the future and a template that breaks for one company', async () => {
    const id = await draft();
    await call('POST', `/api/letters/${id}/approve`, coordinator);
    const future = await call('POST', `/api/letters/${id}/send`, coordinator, {
      sentAt: '2027-01-01T00:00:00Z',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toContain('sentAt');
    const strict = await draft();
    const typo = await call('PATCH', `/api/letters/${strict}`, staff, { body: 'Dear {{company.nmae}}' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().message).toBe('body: line 1, column 8: unknown variable "company.nmae"');
    // Valid in a follow-up, but this letter follows nothing: rendering fails, so nothing is sent.
    const noParent = await call('PATCH', `/api/letters/${strict}`, staff, {
      body: 'Further to {{previousLetter.title}}',
    });
    expect(noParent.statusCode).toBe(200);
    // Approval renders the letter for every company (that copy is what goes out), so it fails there.
    const outboxBefore = app.repos.outbox.list().length;
    const broken = await call('POST', `/api/letters/${strict}/approve`, coordinator);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/body: template error: .*title/);
    expect(app.services.letters.get(strict).status).toBe('draft');
    expect((await call('POST', `/api/letters/${strict}/send`, coordinator, {})).statusCode).toBe(409);
    expect(app.repos.dispatches.countForLetter(strict)).toBe(0);
    expect(app.repos.outbox.list().length).toBe(outboxBefore);
  });

  it('reports a contact with an invalid address and still sends to the others', async () => {
    const company = app.services.companies.create(
      { name: 'Half Reachable', country: 'GB', contacts: [{ function: 'ir', email: 'ir@half.example' }] },
      { userId: null, label: 't' },
    );
    app.repos.companies.update(company.id, {}, [
      { name: 'Good', function: 'ir', email: 'ir@half.example' },
      { name: 'Broken', function: 'legal', email: 'legal@nowhere' },
    ]);
    const id = await draft([company.id]);
    await call('POST', `/api/letters/${id}/approve`, coordinator);
    const sent = await call('POST', `/api/letters/${id}/send`, coordinator, { channel: 'email' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().skippedContacts).toEqual(['Half Reachable: legal@nowhere']);
    const messages = app.repos.outbox.list().filter((m) => m.dispatchId === sent.json().dispatches[0].id);
    expect(messages.map((m) => m.toAddress)).toEqual(['"Good" <ir@half.example>']);
    const event = app.repos.events.listForLetter(id).find((e) => e.type === 'letter.sent')!;
    expect(event.data).toMatchObject({ skippedContacts: ['Half Reachable: legal@nowhere'] });
  });
});
