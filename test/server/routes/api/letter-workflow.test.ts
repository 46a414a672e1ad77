import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, buildTestApp, type TestApp } from '../../../helper.js';

const clock = fixedClock('2023-04-10T09:00:00Z');
let app: TestApp;
let staff: Record<string, string>;
let coordinator: Record<string, string>;
let member: Record<string, string>;
let ids: { microsoft: number; airbus: number; cisco: number; ngo: number; fund: number; campaign: number };

async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
  return app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  staff = (await apiUser(app, 'staff')).headers;
  coordinator = (await apiUser(app, 'coordinator')).headers;
  const company = async (name: string, country: string, sector: string, email: string) =>
    (
      await call('POST', '/api/companies', staff, {
        name,
        country,
        sector,
        contacts: [{ function: 'ir', email, name: 'Investor Relations' }],
      })
    ).json().id;
  const org = async (name: string, kind: string, aumUsd?: number) =>
    (await call('POST', '/api/organizations', coordinator, { name, kind, country: 'GB', aumUsd })).json().id;
  ids = {
    microsoft: await company('Microsoft', 'US', 'Technology', 'ir@microsoft.example'),
    airbus: await company('Airbus', 'FR', 'Aerospace', 'ir@airbus.example'),
    cisco: await company('Cisco', 'US', 'Technology', 'ir@cisco.example'),
    ngo: await org('Example Rights Watch', 'ngo'),
    fund: await org('Example Pension Fund', 'asset_owner', 120_000_000_000),
    campaign: 0,
  };
  const memberUser = await apiUser(app, 'member');
  app.repos.users.update(memberUser.user.id, { organizationId: ids.ngo });
  member = memberUser.headers;
});

let campaigns = 0;
/** A new campaign for each test's story, on the story's first day. */
async function freshCampaign() {
  clock.set('2023-04-10T09:00:00Z');
  const campaign = await call('POST', '/api/campaigns', coordinator, {
    name: `Responsible exit from Russia ${++campaigns}`,
    responseDays: 14,
    dayCount: 'calendar',
    organizationIds: [ids.ngo, ids.fund],
  });
  expect(campaign.statusCode).toBe(201);
  ids.campaign = campaign.json().id;
}

describe('a letter from draft to responses', () => {
  let letterId: number;
  let questionIds: number[];

  // The story's steps: each test plays the steps before it on a campaign of its own, then its own
  // step, so any one of them passes alone and in any order.
  const steps: (() => Promise<void>)[] = [];
  function step(name: string, play: () => Promise<void>) {
    const before = [...steps];
    steps.push(play);
    it(name, async () => {
      await freshCampaign();
      for (const earlier of before) await earlier();
      await play();
    });
  }

  step('drafts a letter with three numbered questions and a version', async () => {
    const response = await call('POST', `/api/campaigns/${ids.campaign}/letters`, staff, {
      title: 'Your business in Russia',
      body: 'Dear {{company.name}} board,\n\nWe write on behalf of the coalition.',
      questions: [
        'Has the company reconsidered the practices that led to the sanctions violations?',
        'What policies prevent such breaches from recurring?',
        'What is the current exposure of your business in Russia?',
      ],
      companyIds: [ids.microsoft, ids.airbus, ids.cisco],
    });
    expect(response.statusCode).toBe(201);
    const letter = response.json();
    expect(letter).toMatchObject({
      kind: 'initial',
      status: 'draft',
      title: 'Your business in Russia',
      parentLetterId: null,
    });
    expect(letter.questions.map((q: { number: number }) => q.number)).toEqual([1, 2, 3]);
    expect(letter.companyIds.sort()).toEqual([ids.microsoft, ids.airbus, ids.cisco].sort());
    letterId = letter.id;
    questionIds = letter.questions.map((q: { id: number }) => q.id);
    const versions = await call('GET', `/api/letters/${letterId}/versions`, staff);
    expect(versions.json()).toHaveLength(1);
  });

  step('previews the letter for one company', async () => {
    const preview = (
      await call('GET', `/api/letters/${letterId}/preview?companyId=${ids.microsoft}`, member)
    ).json();
    expect(preview.subject).toBe('Your business in Russia');
    expect(preview.text).toContain('Dear Microsoft board');
    expect(preview.html).toContain('<ol>');
    expect(preview.html).toContain('Has the company reconsidered');
  });

  step('collects signatures through sign-on, with the AUM total in the letter', async () => {
    const opened = await call('POST', `/api/letters/${letterId}/sign-on`, coordinator, {
      closesAt: '2023-04-10T18:00:00Z',
    });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'sign_on' });
    // One link per member organization, never one for all.
    expect(opened.json().signOnLinks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          organizationId: ids.ngo,
          url: expect.stringMatching(/^http:\/\/docket\.test\/sign\/.+/),
        }),
      ]),
    );
    const own = await call('POST', `/api/letters/${letterId}/signatures`, member, {
      organizationId: ids.ngo,
      signerName: 'Ana Member',
    });
    expect(own.statusCode).toBe(201);
    const other = await call('POST', `/api/letters/${letterId}/signatures`, member, {
      organizationId: ids.fund,
      signerName: 'Not mine',
    });
    expect(other.statusCode).toBe(403);
    const twice = await call('POST', `/api/letters/${letterId}/signatures`, member, {
      organizationId: ids.ngo,
      signerName: 'Ana again',
    });
    expect(twice.statusCode).toBe(409);
    const fund = await call('POST', `/api/letters/${letterId}/signatures`, coordinator, {
      organizationId: ids.fund,
      signerName: 'Fiona Fund',
      signerTitle: 'CIO',
    });
    expect(fund.statusCode).toBe(201);
    const duplicate = await call('POST', `/api/letters/${letterId}/signatures`, coordinator, {
      organizationId: ids.fund,
      signerName: 'Dup',
    });
    expect(duplicate.statusCode).toBe(409);
    const withdrawn = await call('DELETE', `/api/letters/${letterId}/signatures/${own.json().id}`, member);
    expect(withdrawn.statusCode).toBe(204);
    const foreign = await call('DELETE', `/api/letters/${letterId}/signatures/${fund.json().id}`, member);
    expect(foreign.statusCode).toBe(403);
    expect((await call('GET', `/api/letters/${letterId}`, staff)).json().signatories).toHaveLength(1);
    const again = await call('POST', `/api/letters/${letterId}/signatures`, member, {
      organizationId: ids.ngo,
      signerName: 'Ana Member',
    });
    expect(again.statusCode).toBe(201);
    const preview = (
      await call('GET', `/api/letters/${letterId}/preview?companyId=${ids.airbus}`, staff)
    ).json();
    expect(preview.text).toContain(
      'Signed by 2 organisations with US$120 billion in assets under management',
    );
    expect(preview.text).toContain('Example Pension Fund, Fiona Fund (CIO)');
  });

  step('refuses to edit a letter that is no longer a draft (409)', async () => {
    const edit = await call('PATCH', `/api/letters/${letterId}`, staff, { title: 'Changed' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toContain('only a draft can be edited');
  });

  step('only a coordinator approves and sends', async () => {
    expect((await call('POST', `/api/letters/${letterId}/approve`, staff)).statusCode).toBe(403);
    expect((await call('POST', `/api/letters/${letterId}/send`, coordinator, {})).statusCode).toBe(409);
    expect((await call('POST', `/api/letters/${letterId}/approve`, coordinator)).statusCode).toBe(409);
    await call('POST', `/api/letters/${letterId}/close-sign-on`, coordinator);
    expect((await call('POST', `/api/letters/${letterId}/approve`, coordinator)).json().status).toBe(
      'approved',
    );
  });

  step('sends one dispatch per company with the due date rule, and one email per contact', async () => {
    clock.set('2023-04-11T09:30:00Z');
    const sent = await call('POST', `/api/letters/${letterId}/send`, coordinator, {});
    expect(sent.statusCode).toBe(200);
    const { letter, dispatches } = sent.json();
    expect(letter.status).toBe('sent');
    expect(dispatches).toHaveLength(3);
    for (const dispatch of dispatches) {
      expect(dispatch).toMatchObject({
        status: 'sent',
        dueAt: '2023-04-25',
        dueExplanation: '25 Apr 2023: 14 calendar days from 11 Apr 2023',
        escalateAt: '2023-05-09',
        overdue: false,
        publicLabel: 'Awaiting response',
      });
      expect(dispatch.replyAddress).toMatch(/^reply\+[\w-]+@docket\.test$/);
    }
    // This letter's emails (earlier tests' stories sent letters of their own).
    const dispatchIds = new Set(dispatches.map((d: { id: number }) => d.id));
    const outbox = app.repos.outbox
      .list()
      .filter((m) => m.kind === 'letter' && m.dispatchId !== null && dispatchIds.has(m.dispatchId));
    expect(outbox).toHaveLength(3);
    const toMicrosoft = outbox.find((m) => m.toAddress.includes('ir@microsoft.example'))!;
    expect(toMicrosoft.subject).toMatch(/^Your business in Russia \[Docket ref [\w-]{8}\]$/);
    expect(toMicrosoft.text).toContain('Dear Microsoft board');
    expect(toMicrosoft.replyTo).toBe(
      dispatches.find((d: { companyId: number }) => d.companyId === ids.microsoft).replyAddress,
    );
    const again = await call('POST', `/api/letters/${letterId}/send`, coordinator, {});
    expect(again.statusCode).toBe(409);
    expect(app.repos.dispatches.countForLetter(letterId)).toBe(3);
  });

  step('records a holding reply and a substantive response with assessed answers', async () => {
    clock.set('2023-04-20T10:00:00Z');
    const list = (await call('GET', `/api/dispatches?letterId=${letterId}`, staff)).json();
    const byCompany = (id: number) => list.items.find((d: { companyId: number }) => d.companyId === id).id;
    const airbus = byCompany(ids.airbus);
    const microsoft = byCompany(ids.microsoft);

    const holding = await call('POST', `/api/dispatches/${airbus}/responses`, staff, {
      receivedAt: '2023-04-18',
      kind: 'holding',
      body: 'We will reply by 15 May.',
      promisedAt: '2023-05-15',
    });
    expect(holding.statusCode).toBe(201);
    const airbusDetail = (await call('GET', `/api/dispatches/${airbus}`, staff)).json();
    expect(airbusDetail).toMatchObject({
      status: 'acknowledged',
      dueAt: '2023-05-15',
      escalateAt: '2023-05-29',
    });
    expect(airbusDetail.dueExplanation).toContain('promised in the holding reply');

    const substantive = await call('POST', `/api/dispatches/${microsoft}/responses`, staff, {
      receivedAt: '2023-04-19T15:00:00Z',
      kind: 'substantive',
      body: 'Our answers.',
      answers: [
        {
          questionId: questionIds[0],
          status: 'answered',
          quality: 3,
          excerpt: 'We changed the resale model.',
        },
        { questionId: questionIds[1], status: 'partial', quality: 1 },
      ],
    });
    expect(substantive.statusCode).toBe(201);
    const detail = (await call('GET', `/api/dispatches/${microsoft}`, member)).json();
    expect(detail.status).toBe('responded');
    expect(detail.publicLabel).toBe('Responded');
    expect(detail.questions.map((q: { open: boolean }) => q.open)).toEqual([false, true, true]);
    expect(detail.questions[0].answer).toMatchObject({ status: 'answered', quality: 3 });
    expect(detail.coverage.value).toBeCloseTo(0.5);
    expect(detail.responses).toHaveLength(1);

    const reassess = await call('PUT', `/api/dispatches/${microsoft}/answers/${questionIds[1]}`, staff, {
      status: 'answered',
      quality: 2,
    });
    expect(reassess.statusCode).toBe(200);
    const after = (await call('GET', `/api/dispatches/${microsoft}`, staff)).json();
    expect(after.questions[1]).toMatchObject({ open: false, answer: { status: 'answered', quality: 2 } });

    const events = (await call('GET', `/api/dispatches/${microsoft}/events`, staff)).json();
    expect(events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'dispatch.sent',
        'response.received',
        'dispatch.status_changed',
        'answer.assessed',
      ]),
    );
  });

  step('computes overdue and the public labels from today', async () => {
    clock.set('2023-04-26T10:00:00Z');
    const board = (await call('GET', `/api/dispatches?campaignId=${ids.campaign}`, member)).json();
    const label = (id: number) => board.items.find((d: { companyId: number }) => d.companyId === id);
    expect(label(ids.cisco)).toMatchObject({
      overdue: true,
      veryOverdue: false,
      publicLabel: 'Did not respond',
    });
    expect(label(ids.airbus)).toMatchObject({ overdue: false, publicLabel: 'Awaiting response' });
    expect(label(ids.microsoft)).toMatchObject({ overdue: false, publicLabel: 'Responded' });
    const overdue = (
      await call('GET', `/api/dispatches?campaignId=${ids.campaign}&overdue=true`, staff)
    ).json();
    expect(overdue.total).toBe(1);
    clock.set('2023-05-10T10:00:00Z');
    const late = (await call('GET', `/api/dispatches?campaignId=${ids.campaign}&overdue=true`, staff)).json();
    expect(late.items[0]).toMatchObject({ companyId: ids.cisco, veryOverdue: true });
    const campaign = (await call('GET', `/api/campaigns/${ids.campaign}`, member)).json();
    expect(campaign.counts).toMatchObject({
      total: 3,
      sent: 1,
      acknowledged: 1,
      responded: 1,
      overdue: 1,
      veryOverdue: 1,
    });
  });

  step('rejects bad response input and changes nothing', async () => {
    const list = (await call('GET', `/api/dispatches?letterId=${letterId}`, staff)).json();
    const cisco = list.items.find((d: { companyId: number }) => d.companyId === ids.cisco).id;
    const before = app.repos.dispatches.responses(cisco).length;
    const early = await call('POST', `/api/dispatches/${cisco}/responses`, staff, {
      receivedAt: '2023-04-01',
      kind: 'substantive',
      body: 'x',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toContain('receivedAt');
    const other = await call('POST', `/api/campaigns/${ids.campaign}/letters`, staff, {
      title: 'Other',
      body: 'x',
      questions: ['Q?'],
      companyIds: [],
    });
    const foreignQuestion = other.json().questions[0].id;
    const foreign = await call('POST', `/api/dispatches/${cisco}/responses`, staff, {
      receivedAt: '2023-04-20',
      kind: 'substantive',
      body: 'x',
      answers: [{ questionId: foreignQuestion, status: 'answered' }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toContain('answers.0.questionId');
    const put = await call('PUT', `/api/dispatches/${cisco}/answers/${foreignQuestion}`, staff, {
      status: 'answered',
    });
    expect(put.statusCode).toBe(400);
    const badKind = await call('POST', `/api/dispatches/${cisco}/responses`, staff, {
      receivedAt: '2023-04-20',
      kind: 'angry',
      body: 'x',
    });
    expect(badKind.statusCode).toBe(400);
    expect(app.repos.dispatches.responses(cisco).length).toBe(before);
    expect(app.repos.dispatches.findById(cisco)!.status).toBe('sent');
  });
});
