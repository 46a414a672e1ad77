import { describe, expect, it } from 'vitest';
import { formatCalendarDate } from '../../../server/lib/calendar-dates.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { apiUser, buildTestApp } from '../../helper.js';

// Issue 11, item 5: a due date and its explanation always agree, and so does the follow-up's citation.
describe('due date and explanation agree after every holding reply', () => {
  it('keeps the date, its explanation, the API, the page, the deadlines list and the follow-up’s citation in step', async () => {
    const clock = fixedClock('2023-04-11T09:00:00Z');
    const app = await buildTestApp({ clock });
    const actor = { userId: null, label: 'test' };
    const names = ['Early promise', 'Later promise', 'Revised promise', 'No promise'];
    const ids = names.map((name) => app.services.companies.create({ name, country: 'US' }, actor).id);
    const campaign = app.services.campaigns.create({ name: 'Agreement', responseDays: 14 }, actor);
    const letter = app.services.letters.create(
      campaign.id,
      { title: 'Urgent dialogue', body: 'Dear {{company.name}}', questions: ['Exposure?'], companyIds: ids },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
    const [early, later, revised, none] = ids.map(
      (id) => app.repos.dispatches.findForLetterCompany(letter.id, id)!,
    );
    const holding = (dispatchId: number, receivedAt: string, promisedAt?: string) =>
      app.services.dispatches.recordResponse(
        dispatchId,
        { receivedAt, kind: 'holding', body: 'We will answer', ...(promisedAt && { promisedAt }) },
        actor,
      );
    clock.set('2023-04-20T09:00:00Z');
    // Original due date: Tue 25 Apr 2023.
    holding(early!.id, '2023-04-12', '2023-04-18'); // a promise earlier than the due date
    holding(later!.id, '2023-04-12', '2023-05-31');
    holding(revised!.id, '2023-04-12', '2023-06-30');
    holding(revised!.id, '2023-04-14', '2023-05-15'); // the company revises its promise to an earlier date
    holding(none!.id, '2023-04-13');

    const expected = new Map([
      [early!.id, ['2023-04-25', 'the original due date stands']],
      [later!.id, ['2023-05-31', 'promised in the holding reply of 12 Apr 2023']],
      [revised!.id, ['2023-05-15', 'promised in the holding reply of 14 Apr 2023']],
      [none!.id, ['2023-06-10', '60 days from 11 Apr 2023']],
    ]);
    const staff = await apiUser(app, 'staff');
    const listed = (
      await app.inject({ url: '/api/deadlines?from=2023-04-01&to=2023-12-31', headers: staff.headers })
    ).json() as { kind: string; dispatchId?: number; date: string; explanation: string }[];
    for (const [dispatchId, [due, wording]] of expected) {
      const dispatch = app.repos.dispatches.findById(dispatchId)!;
      expect(dispatch.dueAt).toBe(due);
      expect(dispatch.originalDueAt).toBe('2023-04-25');
      expect(dispatch.dueExplanation.startsWith(`${formatCalendarDate(due!)}:`)).toBe(true);
      expect(dispatch.dueExplanation).toContain(wording);
      const deadline = listed.find((d) => d.kind === 'response_due' && d.dispatchId === dispatchId)!;
      expect(deadline).toMatchObject({ date: due, explanation: dispatch.dueExplanation });
      const api = (await app.inject({ url: `/api/dispatches/${dispatchId}`, headers: staff.headers })).json();
      expect(api).toMatchObject({ dueAt: due, dueExplanation: dispatch.dueExplanation });
      const page = await app.inject({ url: `/dispatches/${dispatchId}`, headers: staff.headers });
      expect(page.body).toContain(formatCalendarDate(due!));
    }

    // The follow-up cites the promise that set the due date, never an earlier or superseded one.
    clock.set('2023-07-20T09:00:00Z');
    const followUp = app.services.followUps.draft(letter.id, { kind: 'reminder' }, actor);
    const copy = (companyId: number) => app.services.letters.preview(followUp.letter.id, companyId).text;
    // (The wording is the generated earlier-letter and holding-reply blocks of issue 9.)
    expect(copy(ids[0]!)).toContain('asked for your answers by 25 April 2023.');
    expect(copy(ids[0]!)).not.toContain('18 April 2023');
    expect(copy(ids[1]!)).toContain('asked for your answers by 31 May 2023.');
    expect(copy(ids[1]!)).toContain('you told us you would answer by 31 May 2023.');
    expect(copy(ids[2]!)).toContain('asked for your answers by 15 May 2023.');
    expect(copy(ids[2]!)).toContain('you told us you would answer by 15 May 2023.');
    expect(copy(ids[2]!)).not.toContain('30 June 2023');
    expect(copy(ids[3]!)).toContain('asked for your answers by 10 June 2023.');
  });
});
