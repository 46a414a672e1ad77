import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, buildTestApp, type TestApp } from '../../../helper.js';

// Issue 11: every date and instant is validated as a real calendar date, with a 400 naming the field.
const clock = fixedClock('2023-04-11T09:00:00Z');
let app: TestApp;
let staff: Record<string, string>;
let coordinator: Record<string, string>;
const ids = { company: 0, campaign: 0, draft: 0, sent: 0, dispatch: 0 };

async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
  return app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
}

function expectRefused(response: Awaited<ReturnType<typeof call>>, field: string) {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.json().message).toContain(field);
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  staff = (await apiUser(app, 'staff')).headers;
  coordinator = (await apiUser(app, 'coordinator')).headers;
  ids.company = (
    await call('POST', '/api/companies', staff, {
      name: 'Microsoft',
      country: 'US',
      nextAgmDate: '2023-12-07',
    })
  ).json().id;
  ids.campaign = (
    await call('POST', '/api/campaigns', coordinator, { name: 'Russia', companyIds: [ids.company] })
  ).json().id;
  const letter = async () =>
    (
      await call('POST', `/api/campaigns/${ids.campaign}/letters`, staff, {
        title: 'Urgent dialogue',
        body: 'Dear {{company.name}}',
        questions: ['Exposure?'],
        companyIds: [ids.company],
      })
    ).json().id as number;
  ids.draft = await letter();
  ids.sent = await letter();
  expect((await call('POST', `/api/letters/${ids.sent}/approve`, coordinator)).statusCode).toBe(200);
  expect(
    (await call('POST', `/api/letters/${ids.sent}/send`, coordinator, { channel: 'post' })).statusCode,
  ).toBe(200);
  ids.dispatch = app.repos.dispatches.findForLetterCompany(ids.sent, ids.company)!.id;
});

describe('impossible dates are refused on every endpoint that takes one', () => {
  const badDates = ['2031-13-01', '2023-02-29', '2023-04-31', '11/04/2023'];
  const badInstants = ['2031-13-01T10:00:00Z', '2023-02-29T10:00:00Z', '2023-04-11T25:00:00Z', 'tomorrow'];

  it('companies: lastAgmDate, nextAgmDate, lastProxyDate (create and edit)', async () => {
    for (const field of ['lastAgmDate', 'nextAgmDate', 'lastProxyDate']) {
      for (const bad of badDates) {
        expectRefused(
          await call('POST', '/api/companies', staff, { name: 'X', country: 'DE', [field]: bad }),
          field,
        );
        expectRefused(await call('PATCH', `/api/companies/${ids.company}`, staff, { [field]: bad }), field);
      }
    }
    expect(app.repos.companies.findById(ids.company)!.nextAgmDate).toBe('2023-12-07');
  });

  it('responses: receivedAt (date or instant) and promisedAt; nothing is stored', async () => {
    for (const bad of [...badDates, ...badInstants]) {
      expectRefused(
        await call('POST', `/api/dispatches/${ids.dispatch}/responses`, staff, {
          receivedAt: bad,
          kind: 'substantive',
          body: 'x',
        }),
        'receivedAt',
      );
    }
    for (const bad of badDates) {
      expectRefused(
        await call('POST', `/api/dispatches/${ids.dispatch}/responses`, staff, {
          receivedAt: '2023-04-11',
          kind: 'holding',
          body: 'x',
          promisedAt: bad,
        }),
        'promisedAt',
      );
    }
    expect(app.repos.dispatches.responses(ids.dispatch)).toEqual([]);
  });

  it('a promised date before the sending date is refused', async () => {
    const response = await call('POST', `/api/dispatches/${ids.dispatch}/responses`, staff, {
      receivedAt: '2023-04-11',
      kind: 'holding',
      body: 'We will answer',
      promisedAt: '2023-04-10',
    });
    expectRefused(response, 'promisedAt');
    expect(response.json().message).toContain('before the letter was sent (11 Apr 2023)');
    expect(app.repos.dispatches.findById(ids.dispatch)!.status).toBe('sent');
  });

  it('letters: signOnClosesAt, sign-on closesAt and send sentAt', async () => {
    for (const bad of badInstants) {
      expectRefused(
        await call('POST', `/api/campaigns/${ids.campaign}/letters`, staff, {
          title: 'T',
          body: 'B',
          questions: [],
          companyIds: [ids.company],
          signOnClosesAt: bad,
        }),
        'signOnClosesAt',
      );
      expectRefused(
        await call('POST', `/api/letters/${ids.draft}/sign-on`, coordinator, { closesAt: bad }),
        'closesAt',
      );
      expectRefused(
        await call('POST', `/api/letters/${ids.draft}/send`, coordinator, { channel: 'post', sentAt: bad }),
        'sentAt',
      );
    }
  });

  it('deadlines: custom date, override date, and the from/to filter', async () => {
    for (const bad of badDates) {
      expectRefused(
        await call('POST', '/api/deadlines', staff, { kind: 'custom', date: bad, title: 'Call the IR team' }),
        'date',
      );
      expectRefused(
        await call('PUT', `/api/companies/${ids.company}/deadlines/proposal_us_14a8`, staff, {
          date: bad,
          source: '2023 proxy statement',
        }),
        'date',
      );
      expectRefused(await call('GET', `/api/deadlines?from=${encodeURIComponent(bad)}`, staff), 'from');
      expectRefused(await call('GET', `/api/deadlines?to=${encodeURIComponent(bad)}`, staff), 'to');
    }
  });

  it('a real leap day is accepted', async () => {
    const leap = await call('PATCH', `/api/companies/${ids.company}`, staff, { lastAgmDate: '2024-02-29' });
    expect(leap.statusCode).toBe(200);
    expect(leap.json().lastAgmDate).toBe('2024-02-29');
  });
});

describe('a stored value that is not a date never breaks a page', () => {
  it('shows it as invalid on the dispatch and company pages', async () => {
    const response = await call('POST', `/api/dispatches/${ids.dispatch}/responses`, staff, {
      receivedAt: '2023-04-11',
      kind: 'substantive',
      body: 'Our answer',
    });
    expect(response.statusCode).toBe(201);
    // As an older version of Docket could store it.
    app.repos.dispatches.updateResponse(response.json().id, { receivedAt: '2031-13-01' });
    app.repos.companies.update(ids.company, { lastProxyDate: '2031-13-01' });
    const dispatchPage = await call('GET', `/dispatches/${ids.dispatch}`, staff);

    expect(dispatchPage.statusCode).toBe(200);
    expect(dispatchPage.body).toContain('2031-13-01 (not a valid date)');
    const companyPage = await call('GET', `/companies/${ids.company}`, staff);
    expect(companyPage.statusCode).toBe(200);
    expect(companyPage.body).toContain('2031-13-01 (not a valid date)');
    const stats = await call('GET', `/api/campaigns/${ids.campaign}/stats`, staff);
    expect(stats.statusCode).toBe(200);
  });
});

describe('an invalid stored AGM date', () => {
  it('leaves the deadlines list and calendar working', async () => {
    app.repos.companies.update(ids.company, { nextAgmDate: '2023-02-30', lastProxyDate: null });
    const list = await call('GET', '/api/deadlines', staff);
    expect(list.statusCode).toBe(200);
    const agm = list.json().find((d: { kind: string }) => d.kind === 'agm');
    expect(agm.explanation).toContain('2023-02-30 (not a valid date)');
    expect((await call('GET', '/deadlines', staff)).statusCode).toBe(200);
  });
});
