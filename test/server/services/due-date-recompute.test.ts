import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { buildTestApp } from '../../helper.js';

describe('due dates are recomputed when their inputs change', () => {
  it('moves a stored due date that new holiday data makes a holiday, and leaves company-given and past dates alone', async () => {
    const clock = fixedClock('2026-12-10T09:00:00Z');
    const app = await buildTestApp({ clock });
    const actor = { userId: null, label: 'test' };
    const ids = ['Stale', 'Holding', 'Past'].map(
      (name) => app.services.companies.create({ name, country: 'GB' }, actor).id,
    );
    const campaign = app.services.campaigns.create(
      { name: 'Christmas', responseDays: 15, holidayCountry: 'GB' },
      actor,
    );
    const letter = app.services.letters.create(
      campaign.id,
      { title: 'T', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: ids },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
    const [stale, holding, past] = ids.map((id) => app.repos.dispatches.findForLetterCompany(letter.id, id)!);
    // Sent Thu 10 Dec + 15 days = Fri 25 Dec (Christmas) -> next working day after Boxing Day (observed Mon 28 Dec)
    expect(stale!.dueAt).toBe('2026-12-29');
    expect(stale!.escalateAt).toBe('2027-01-12');

    // As if the dates had been computed with older holiday data that lacked Christmas.
    for (const dispatch of [stale!, holding!])
      app.repos.dispatches.update(dispatch.id, {
        dueAt: '2026-12-25',
        escalateAt: '2027-01-08',
        dueExplanation: 'old',
      });
    app.services.dispatches.recordResponse(
      holding!.id,
      { receivedAt: '2026-12-10', kind: 'holding', body: 'soon', promisedAt: '2027-01-15' },
      actor,
    );
    app.repos.dispatches.update(past!.id, {
      dueAt: '2026-12-01',
      escalateAt: '2026-12-15',
      dueExplanation: 'old',
    });

    expect(app.services.dispatches.recomputeDueDates(actor)).toBe(1);
    const after = app.repos.dispatches.findById(stale!.id)!;
    expect(after).toMatchObject({ dueAt: '2026-12-29', escalateAt: '2027-01-12' });
    expect(after.dueExplanation).toContain(
      '15 calendar days from 10 Dec 2026, moved to the next working day',
    );
    expect(app.repos.dispatches.findById(holding!.id)!.dueAt).toBe('2027-01-15');
    expect(app.repos.dispatches.findById(past!.id)!.dueAt).toBe('2026-12-01');
    const event = app.repos.events.listForDispatch(stale!.id).find((e) => e.type === 'dispatch.due_changed')!;
    expect(event.data).toMatchObject({ from: '2026-12-25', to: '2026-12-29', reason: 'recomputed' });
    expect(app.services.dispatches.recomputeDueDates(actor)).toBe(0);
  });
});
