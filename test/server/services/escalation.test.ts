import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { DEFAULT_ESCALATION_LADDER } from '../../../server/services/campaigns-service.js';
import { currentLevel, parseLadder, suggestNextStep } from '../../../server/services/escalation.js';
import { apiUser, buildTestApp, type TestApp } from '../../helper.js';

const open = {
  status: 'sent',
  dueAt: '2023-04-25',
  escalateAt: '2023-05-09',
  overdue: false,
  veryOverdue: false,
  coverage: null,
  openQuestions: 3,
};

describe('escalation rules (DOMAIN §4)', () => {
  it('derives the current level from what was sent, published and recorded', () => {
    expect(currentLevel({ letterLevel: 1, published: false, recordedLevel: null })).toBe(1);
    expect(currentLevel({ letterLevel: 1, published: true, recordedLevel: null })).toBe(3);
    expect(currentLevel({ letterLevel: 4, published: true, recordedLevel: 7 })).toBe(7);
  });

  it('suggests waiting, a reminder, publishing or escalating as the clock runs', () => {
    expect(suggestNextStep(open, DEFAULT_ESCALATION_LADDER, true, 1)).toMatchObject({
      level: 1,
      reason: 'Wait for the response, due 25 Apr 2023.',
    });
    expect(suggestNextStep({ ...open, overdue: true }, DEFAULT_ESCALATION_LADDER, true, 1)).toMatchObject({
      level: 2,
      action: { kind: 'reminder' },
    });
    expect(
      suggestNextStep({ ...open, overdue: true, veryOverdue: true }, DEFAULT_ESCALATION_LADDER, true, 2)
        .level,
    ).toBe(3);
    expect(
      suggestNextStep({ ...open, overdue: true, veryOverdue: true }, DEFAULT_ESCALATION_LADDER, false, 2),
    ).toMatchObject({
      level: 4,
      action: { kind: 'escalation' },
    });
  });

  it('after a response, follows up open questions and flags coverage under 50%', () => {
    const low = suggestNextStep(
      { ...open, status: 'responded', coverage: 0.25, openQuestions: 2 },
      DEFAULT_ESCALATION_LADDER,
      true,
      1,
    );
    expect(low).toMatchObject({ level: 4, action: { kind: 'follow_up' } });
    expect(low.reason).toContain('25%, under 50%');
    expect(
      suggestNextStep(
        { ...open, status: 'responded', coverage: 1, openQuestions: 0 },
        DEFAULT_ESCALATION_LADDER,
        true,
        1,
      ).action,
    ).toBeUndefined();
    expect(
      suggestNextStep({ ...open, status: 'declined' }, DEFAULT_ESCALATION_LADDER, true, 1),
    ).toMatchObject({ level: 5 });
  });

  it('reads a ladder written one step per line', () => {
    expect(parseLadder('0. Research\n1) Letter\n\n  Reminder  ')).toEqual([
      { level: 0, title: 'Research' },
      { level: 1, title: 'Letter' },
      { level: 2, title: 'Reminder' },
    ]);
  });
});

describe('escalation in a campaign', () => {
  const clock = fixedClock('2023-04-11T09:00:00Z');
  const actor = { userId: null, label: 'test' };
  let app: TestApp;
  let coordinator: Record<string, string>;
  let campaignId: number;
  let companyId: number;
  let dispatchId: number;

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    coordinator = (await apiUser(app, 'coordinator')).headers;
    companyId = app.services.companies.create({ name: 'Slow Corp', country: 'US' }, actor).id;
    campaignId = app.services.campaigns.create({ name: 'Ladder', public: true }, actor).id;
    const letter = app.services.letters.create(
      campaignId,
      { title: 'T', body: 'Dear {{company.name}}', questions: ['Q1?', 'Q2?'], companyIds: [companyId] },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    dispatchId = app.services.sending.send(letter.id, { channel: 'post' }, actor).dispatches[0]!.id;
  });

  const escalation = async () =>
    (await app.inject({ url: `/api/dispatches/${dispatchId}`, headers: coordinator })).json().escalation;

  it('moves up the ladder and suggests the next step on the dispatch', async () => {
    expect(await escalation()).toMatchObject({
      level: 1,
      levelTitle: 'Private letter with numbered questions',
      nextStep: { level: 1 },
    });
    clock.set('2023-04-27T09:00:00Z');
    expect(await escalation()).toMatchObject({
      level: 1,
      nextStep: { level: 2, action: { kind: 'reminder' } },
    });
    clock.set('2023-05-10T09:00:00Z');
    expect(await escalation()).toMatchObject({ level: 3, nextStep: { level: 4 } });
    const summary = (
      await app.inject({ url: `/api/campaigns/${campaignId}/escalation`, headers: coordinator })
    ).json();
    expect(summary.companies).toEqual([{ companyId, level: 3 }]);
    expect(summary.ladder.find((s: { level: number }) => s.level === 3).companies).toBe(1);
  });

  it('records a level reached outside Docket and edits the ladder', async () => {
    const recorded = await app.inject({
      method: 'POST',
      url: `/api/campaigns/${campaignId}/companies/${companyId}/escalation-level`,
      headers: coordinator,
      payload: { level: 7, note: 'Proposal filed for the 2023 AGM' },
    });
    expect(recorded.statusCode).toBe(201);
    expect((await escalation()).level).toBe(7);
    const offLadder = await app.inject({
      method: 'POST',
      url: `/api/campaigns/${campaignId}/companies/${companyId}/escalation-level`,
      headers: coordinator,
      payload: { level: 42 },
    });
    expect(offLadder.statusCode).toBe(400);
    const twice = await app.inject({
      method: 'PUT',
      url: `/api/campaigns/${campaignId}/escalation-ladder`,
      headers: coordinator,
      payload: {
        steps: [
          { level: 1, title: 'Letter' },
          { level: 1, title: 'Again' },
        ],
      },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toContain('steps.1.level');
    const edited = await app.inject({
      method: 'PUT',
      url: `/api/campaigns/${campaignId}/escalation-ladder`,
      headers: coordinator,
      payload: {
        steps: [
          { level: 2, title: 'Phone the IR team' },
          { level: 1, title: 'Letter' },
          { level: 7, title: 'Resolution' },
        ],
      },
    });
    expect(edited.json().steps.map((s: { level: number }) => s.level)).toEqual([1, 2, 7]);
    expect((await escalation()).levelTitle).toBe('Resolution');
  });
});
