import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { apiUser, buildTestApp, type TestApp } from '../../helper.js';

const clock = fixedClock('2023-04-11T09:00:00Z');
const actor = { userId: null, label: 'test' };
let app: TestApp;
let staff: Record<string, string>;
let campaignId: number;
let letterId: number;
let questionIds: number[];
const companies: Record<string, number> = {};

function dispatchOf(letter: number, company: number) {
  return app.repos.dispatches.findForLetterCompany(letter, company)!;
}

async function followUp(payload: object = {}) {
  return app.inject({ method: 'POST', url: `/api/letters/${letterId}/follow-up`, headers: staff, payload });
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  staff = (await apiUser(app, 'staff')).headers;
  for (const name of ['Partial Corp', 'Complete Corp', 'Silent Corp', 'Holding Corp']) {
    companies[name] = app.services.companies.create(
      {
        name,
        country: 'GB',
        contacts: [{ function: 'ir', email: `ir@${name.split(' ')[0]!.toLowerCase()}.example` }],
      },
      actor,
    ).id;
  }
  campaignId = app.services.campaigns.create({ name: 'Round by round' }, actor).id;
  const letter = app.services.letters.create(
    campaignId,
    {
      title: 'Your business in Russia',
      body: 'Dear {{company.name}},',
      questions: ['First question?', 'Second question?', 'Third question?'],
      companyIds: Object.values(companies),
    },
    actor,
  );
  letterId = letter.id;
  questionIds = app.repos.letters.questions(letterId).map((q) => q.id);
  app.services.letters.approve(letterId, actor);
  app.services.sending.send(letterId, { channel: 'post' }, actor);
  clock.set('2023-04-20T09:00:00Z');
  const record = (
    company: string,
    kind: 'substantive' | 'holding',
    statuses: string[],
    promisedAt?: string,
  ) =>
    app.services.dispatches.recordResponse(
      dispatchOf(letterId, companies[company]!).id,
      {
        receivedAt: '2023-04-19',
        kind,
        body: 'reply',
        promisedAt: promisedAt ?? null,
        answers: statuses.map((status, i) => ({ questionId: questionIds[i]!, status: status as 'answered' })),
      },
      actor,
    );
  record('Partial Corp', 'substantive', ['answered', 'commitment']);
  record('Complete Corp', 'substantive', ['answered', 'answered', 'not_applicable']);
  record('Holding Corp', 'holding', [], '2023-05-15');
});

describe('follow-up letters', () => {
  it('drafts one follow-up for the companies with open questions, leaving out the one that answered everything', async () => {
    const response = await followUp();
    expect(response.statusCode).toBe(201);
    const letter = response.json();
    expect(letter).toMatchObject({ kind: 'follow_up', status: 'draft', parentLetterId: letterId });
    expect(letter.companyIds.sort()).toEqual(
      [companies['Partial Corp'], companies['Silent Corp'], companies['Holding Corp']].sort(),
    );
    expect(
      letter.questions.map((q: { number: number; originQuestionId: number }) => [
        q.number,
        q.originQuestionId,
      ]),
    ).toEqual([
      [1, questionIds[0]],
      [2, questionIds[1]],
      [3, questionIds[2]],
    ]);
  });

  it('a company that answered 2 of 3 questions is asked only the third, under its original number', async () => {
    const letter = (await followUp({ companyIds: [companies['Partial Corp']] })).json();
    expect(letter.questions.map((q: { number: number; text: string }) => [q.number, q.text])).toEqual([
      [3, 'Third question?'],
    ]);
    const preview = app.services.letters.preview(letter.id, companies['Partial Corp']!);
    expect(preview.text).toContain('3. Third question?');
    expect(preview.text).not.toContain('First question?');
    expect(preview.text).not.toContain('Second question?');
    expect(preview.text).toContain('1 question remains open');
    expect(preview.html).toContain('<li value="3">Third question?</li>');
  });

  it('each company’s copy of a bulk follow-up lists exactly its own open questions and the earlier letter', async () => {
    const letter = (await followUp()).json();
    const partial = app.services.letters.preview(letter.id, companies['Partial Corp']!);
    expect(partial.text).not.toContain('1. First question?');
    expect(partial.text).toContain('3. Third question?');
    const silent = app.services.letters.preview(letter.id, companies['Silent Corp']!);
    expect(silent.subject).toBe('Follow-up: Your business in Russia');
    expect(silent.text).toContain(
      'On 11 April 2023 the members of Round by round wrote to you (“Your business in Russia”)',
    );
    expect(silent.text).toContain('asked for your answers by 25 April 2023');
    expect(silent.text).toMatch(/1\. First question\?\n2\. Second question\?\n3\. Third question\?/);
    expect(silent.text).toContain('3 questions remain open');
    const holding = app.services.letters.preview(letter.id, companies['Holding Corp']!);
    expect(holding.text).toContain('In your holding reply you told us you would answer by 15 May 2023');
    expect(holding.text).toContain('asked for your answers by 15 May 2023');
  });

  it('a company that answered everything gets no follow-up', async () => {
    const chosen = await followUp({ companyIds: [companies['Complete Corp'], companies['Silent Corp']] });
    expect(chosen.statusCode).toBe(201);
    expect(chosen.json().companyIds).toEqual([companies['Silent Corp']]);
    expect(chosen.json().skippedCompanyIds).toEqual([companies['Complete Corp']]);
    const only = await followUp({ companyIds: [companies['Complete Corp']] });
    expect(only.statusCode).toBe(409);
    expect(only.json().message).toContain('nothing to follow up');
    const stranger = app.services.companies.create({ name: 'Never Written', country: 'GB' }, actor).id;
    const unknown = await followUp({ companyIds: [stranger] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('did not receive this letter');
  });

  it('questions keep their identity across rounds, so coverage can be followed round by round', async () => {
    const round2 = app.services.followUps.draft(
      letterId,
      { companyIds: [companies['Partial Corp']!] },
      actor,
    ).letter;
    app.services.letters.approve(round2.id, actor);
    clock.set('2023-05-01T09:00:00Z');
    app.services.sending.send(round2.id, { channel: 'post' }, actor);
    const [q3] = app.repos.letters.questions(round2.id);
    expect(q3!.originQuestionId).toBe(questionIds[2]);
    app.services.dispatches.recordResponse(
      dispatchOf(round2.id, companies['Partial Corp']!).id,
      {
        receivedAt: '2023-05-01',
        kind: 'substantive',
        body: 'now',
        answers: [{ questionId: q3!.id, status: 'partial' }],
      },
      actor,
    );
    expect(app.services.dispatches.letterCoverage(round2.id)).toMatchObject({
      value: 0.5,
      partial: 1,
      asked: 1,
    });
    const round3 = app.services.followUps.draft(round2.id, {}, actor).letter;
    const [again] = app.repos.letters.questions(round3.id);
    expect(again).toMatchObject({ number: 3, text: 'Third question?', originQuestionId: questionIds[2] });
    const preview = app.services.letters.preview(round3.id, companies['Partial Corp']!);
    expect(preview.text).toContain('On 1 May 2023');
    expect(preview.text).toContain('3. Third question?');
  });

  it('drafts one follow-up to 40 companies in one action, each copy previewable', async () => {
    clock.set('2023-06-01T09:00:00Z');
    const many = Array.from(
      { length: 40 },
      (_, i) =>
        app.services.companies.create({ name: `Bulk ${String(i).padStart(2, '0')}`, country: 'DE' }, actor)
          .id,
    );
    const letter = app.services.letters.create(
      campaignId,
      { title: 'Bulk', body: 'Dear {{company.name}},', questions: ['A?', 'B?'], companyIds: many },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
    const started = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: `/api/letters/${letter.id}/follow-up`,
      headers: staff,
      payload: {},
    });
    expect(response.statusCode).toBe(201);
    const followUpLetter = response.json();
    expect(followUpLetter.companyIds).toHaveLength(40);
    for (const companyId of many) {
      const preview = await app.inject({
        url: `/api/letters/${followUpLetter.id}/preview?companyId=${companyId}`,
        headers: staff,
      });
      expect(preview.statusCode).toBe(200);
      expect(preview.json().text).toContain('2 questions remain open');
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('refuses to follow up a letter that was not sent', async () => {
    const draft = app.services.letters.create(
      campaignId,
      { title: 'Draft', body: 'x', questions: ['Q?'], companyIds: [] },
      actor,
    );
    const response = await app.inject({
      method: 'POST',
      url: `/api/letters/${draft.id}/follow-up`,
      headers: staff,
      payload: {},
    });
    expect(response.statusCode).toBe(409);
  });
});
