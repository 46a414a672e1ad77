import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../../server/lib/calendar-dates.js';
import { anniversary, computeFilingDeadline, FILING_RULES } from '../../../server/lib/filing-rules.js';

const company = (dates: Partial<Parameters<typeof computeFilingDeadline>[1]>) => ({
  jurisdiction: null,
  lastAgmDate: null,
  nextAgmDate: null,
  lastProxyDate: null,
  ...dates,
});

describe('filing deadlines (DOMAIN.md §3 worked examples)', () => {
  it('US Rule 14a-8: proxy 2025-10-24 → proposal deadline 2026-06-26', () => {
    const deadline = computeFilingDeadline(
      'proposal_us_14a8',
      company({ jurisdiction: 'US', lastProxyDate: '2025-10-24' }),
    );
    expect(deadline).toEqual({
      kind: 'proposal_us_14a8',
      date: '2026-06-26',
      explanation:
        '26 Jun 2026: 120 days before 24 Oct 2026, the anniversary of the 24 Oct 2025 proxy statement (SEC Rule 14a-8(e)(2))',
    });
  });

  // Changed by issue 11: s.360's clear-day rule applies, so the last day is 43 days before the AGM (was 42).
  it('UK s.338 in clear days: AGM 2026-05-14 → members’ resolution received by 2026-04-01', () => {
    const deadline = computeFilingDeadline(
      'resolution_uk_s338',
      company({ jurisdiction: 'GB', nextAgmDate: '2026-05-14' }),
    );
    expect(deadline?.date).toBe('2026-04-01');
    expect(deadline?.explanation).toBe(
      '1 Apr 2026: must be received at least 6 weeks (42 days) before the AGM on 14 May 2026, in clear days (s.360: neither the day of receipt nor the day of the meeting counts), or, if later, when notice of the meeting is given (Companies Act 2006 s.338(4)(d), s.360)',
    );
    // 42 whole days lie strictly between the last day of receipt and the meeting.
    expect(daysBetween(deadline!.date, '2026-05-14') - 1).toBe(42);
  });

  it('DE AktG §122(2), listed company: AGM 2026-05-14 → agenda request received by 2026-04-13', () => {
    const deadline = computeFilingDeadline(
      'agenda_de_122',
      company({ jurisdiction: 'DE', nextAgmDate: '2026-05-14', listed: true }),
    );
    expect(deadline?.date).toBe('2026-04-13');
    expect(deadline?.explanation).toContain('30 days before the AGM on 14 May 2026 (a listed company)');
    expect(deadline?.explanation).toContain('the day of receipt');
    expect(deadline?.explanation).toContain('AktG §122(2)');
  });

  it('DE AktG §122(2), company not listed: 24 days → agenda request received by 2026-04-19', () => {
    const deadline = computeFilingDeadline(
      'agenda_de_122',
      company({ jurisdiction: 'DE', nextAgmDate: '2026-05-14', listed: false }),
    );
    expect(deadline?.date).toBe('2026-04-19');
    expect(deadline?.explanation).toContain(
      '24 days before the AGM on 14 May 2026 (a company that is not listed)',
    );
    // 19 Apr 2026 is a Sunday: the rule does not move it, and the explanation says so.
    expect(deadline?.explanation).toContain(
      'Sun 19 Apr 2026 is a weekend; the rule does not move the deadline',
    );
  });

  it('says when a deadline falls on a public holiday and that the rule does not move it', () => {
    // AGM 2026-05-16: 43 days earlier is Good Friday 2026-04-03, a public holiday in England & Wales.
    const ukGoodFriday = computeFilingDeadline(
      'resolution_uk_s338',
      company({ jurisdiction: 'GB', nextAgmDate: '2026-05-16' }),
    );
    expect(ukGoodFriday?.date).toBe('2026-04-03');
    expect(ukGoodFriday?.explanation).toContain('Fri 3 Apr 2026 is a public holiday (Good Friday)');
    expect(ukGoodFriday?.explanation).toContain('the rule does not move the deadline');
    const weekday = computeFilingDeadline(
      'resolution_uk_s338',
      company({ jurisdiction: 'GB', nextAgmDate: '2026-05-14' }),
    );
    expect(weekday?.explanation).not.toContain('does not move');
  });

  it('US Rule 14a-19: nominee notice 60 days before the anniversary of the last meeting', () => {
    const deadline = computeFilingDeadline(
      'nomination_us_14a19',
      company({ jurisdiction: 'US', lastAgmDate: '2025-12-10', nextAgmDate: '2026-12-09' }),
    );
    expect(deadline?.date).toBe('2026-10-11');
    expect(deadline?.explanation).toBe(
      // Changed by issue 11: the explanation says the deadline falls on a weekend and is not moved.
      '11 Oct 2026: 60 days before 10 Dec 2026, the anniversary of the 10 Dec 2025 annual meeting (SEC Rule 14a-19(b)(1)). Sun 11 Oct 2026 is a weekend; the rule does not move the deadline, so it must arrive by the working day before',
    );
  });

  it('keeps its parameters in data', () => {
    expect(FILING_RULES.proposal_us_14a8.daysBefore).toBe(120);
    expect(FILING_RULES.resolution_uk_s338).toMatchObject({ daysBefore: 42, receiptDayExcluded: true });
    expect(FILING_RULES.agenda_de_122).toMatchObject({
      daysBefore: 30,
      daysBeforeUnlisted: 24,
      receiptDayExcluded: true,
    });
    expect(FILING_RULES.nomination_us_14a19.daysBefore).toBe(60);
  });
});

describe('filing deadline edge cases', () => {
  it('takes 28 February as the anniversary of 29 February in a common year', () => {
    expect(anniversary('2024-02-29')).toBe('2025-02-28');
    expect(anniversary('2027-02-28')).toBe('2028-02-28');
    expect(anniversary('2023-02-28')).toBe('2024-02-28');
    const deadline = computeFilingDeadline(
      'proposal_us_14a8',
      company({ jurisdiction: 'US', lastProxyDate: '2024-02-29' }),
    );
    expect(deadline?.date).toBe('2024-10-31');
    expect(deadline?.explanation).toContain('120 days before 28 Feb 2025');
    expect(deadline?.explanation).toContain('no 29 February');
  });

  it('flags a meeting moved by more than 30 days: the rule, an estimate and a request for the disclosed date', () => {
    const moved = computeFilingDeadline(
      'proposal_us_14a8',
      company({
        jurisdiction: 'US',
        lastProxyDate: '2025-10-24',
        lastAgmDate: '2025-12-10',
        nextAgmDate: '2026-10-15',
      }),
    );
    expect(moved?.needsDisclosedDate).toBe(true);
    expect(moved?.explanation).toContain('a reasonable time before the company begins to print');
    expect(moved?.explanation).toContain('Enter the date the company discloses');
    expect(moved?.explanation).toContain('56 days earlier');
    expect(moved?.date).toBe('2026-05-01');

    const nomination = computeFilingDeadline(
      'nomination_us_14a19',
      company({ jurisdiction: 'US', lastAgmDate: '2025-12-10', nextAgmDate: '2026-10-15' }),
    );
    expect(nomination).toMatchObject({ date: '2026-08-16', needsDisclosedDate: true });
    expect(nomination?.explanation).toContain('10 days after the company first announces');
  });

  it('keeps the fixed date when the meeting moves by 30 days or less', () => {
    const deadline = computeFilingDeadline(
      'proposal_us_14a8',
      company({
        jurisdiction: 'US',
        lastProxyDate: '2025-10-24',
        lastAgmDate: '2025-12-10',
        nextAgmDate: '2027-01-09',
      }),
    );
    expect(deadline).toMatchObject({ date: '2026-06-26' });
    expect(deadline?.needsDisclosedDate).toBeUndefined();
  });

  it('gives no deadline when an input is missing', () => {
    expect(computeFilingDeadline('proposal_us_14a8', company({ jurisdiction: 'US' }))).toBeUndefined();
    expect(
      computeFilingDeadline(
        'nomination_us_14a19',
        company({ jurisdiction: 'US', nextAgmDate: '2026-05-14' }),
      ),
    ).toBeUndefined();
    expect(computeFilingDeadline('resolution_uk_s338', company({ jurisdiction: 'GB' }))).toBeUndefined();
    expect(
      computeFilingDeadline('agenda_de_122', company({ jurisdiction: 'DE', lastAgmDate: '2025-05-14' })),
    ).toBeUndefined();
  });

  it('gives no deadline to a company of another jurisdiction', () => {
    const dates = { lastProxyDate: '2025-10-24', lastAgmDate: '2025-05-14', nextAgmDate: '2026-05-14' };
    expect(
      computeFilingDeadline('proposal_us_14a8', company({ jurisdiction: 'GB', ...dates })),
    ).toBeUndefined();
    expect(
      computeFilingDeadline('resolution_uk_s338', company({ jurisdiction: 'US', ...dates })),
    ).toBeUndefined();
    expect(computeFilingDeadline('agenda_de_122', company({ jurisdiction: 'FR', ...dates }))).toBeUndefined();
    expect(computeFilingDeadline('agenda_de_122', company({ jurisdiction: null, ...dates }))).toBeUndefined();
    expect(computeFilingDeadline('resolution_uk_s338', company({ jurisdiction: 'gb', ...dates }))?.date).toBe(
      '2026-04-01',
    );
  });
});
