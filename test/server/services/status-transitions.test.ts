import { describe, expect, it } from 'vitest';
import { lateness } from '../../../server/domain/dispatch-lateness.js';
import { canTransition } from '../../../server/domain/letter-lifecycle.js';
import { publicLabel } from '../../../server/domain/public-label.js';
import { statusAfterResponse } from '../../../server/domain/responses.js';
import { DISPATCH_STATUSES, LETTER_STATUSES, RESPONSE_KINDS } from '../../../server/domain/vocabulary.js';

describe('letter status machine', () => {
  const allowed = new Set([
    'draft>sign_on',
    'draft>approved',
    'draft>withdrawn',
    'sign_on>draft',
    'sign_on>approved',
    'sign_on>withdrawn',
    'approved>draft',
    'approved>sent',
    'approved>withdrawn',
  ]);
  const pairs = LETTER_STATUSES.flatMap((from) =>
    LETTER_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const),
  );
  it.each(pairs)('%s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
  });
  it('nothing leaves sent or withdrawn', () => {
    for (const to of LETTER_STATUSES) {
      expect(canTransition('sent', to)).toBe(false);
      expect(canTransition('withdrawn', to)).toBe(false);
    }
  });
});

describe('dispatch status after a response (SPEC §4)', () => {
  const expected: Record<string, Record<string, string>> = {
    sent: {
      substantive: 'responded',
      holding: 'acknowledged',
      declined: 'declined',
      auto_reply: 'sent',
      bounce: 'bounced',
    },
    acknowledged: {
      substantive: 'responded',
      holding: 'acknowledged',
      declined: 'declined',
      auto_reply: 'acknowledged',
      bounce: 'acknowledged',
    },
    responded: {
      substantive: 'responded',
      holding: 'responded',
      declined: 'responded',
      auto_reply: 'responded',
      bounce: 'responded',
    },
    declined: {
      substantive: 'responded',
      holding: 'declined',
      declined: 'declined',
      auto_reply: 'declined',
      bounce: 'declined',
    },
    bounced: {
      substantive: 'responded',
      holding: 'acknowledged',
      declined: 'declined',
      auto_reply: 'bounced',
      bounce: 'bounced',
    },
    closed: {
      substantive: 'responded',
      holding: 'closed',
      declined: 'declined',
      auto_reply: 'closed',
      bounce: 'closed',
    },
  };
  const cases = DISPATCH_STATUSES.flatMap((status) => RESPONSE_KINDS.map((kind) => [status, kind] as const));
  it.each(cases)('%s + %s response', (status, kind) => {
    expect(statusAfterResponse(status, kind)).toBe(expected[status]![kind]);
  });
});

describe('lateness and public labels are computed from today', () => {
  const dispatch = (status: (typeof DISPATCH_STATUSES)[number]) => ({
    status,
    dueAt: '2023-04-25',
    escalateAt: '2023-05-09',
  });
  it('on the due date it is not overdue yet', () => {
    expect(lateness(dispatch('sent'), '2023-04-25')).toEqual({ overdue: false, veryOverdue: false });
    expect(publicLabel(dispatch('sent'), '2023-04-25')).toBe('Awaiting response');
  });
  it('the day after, an open dispatch is overdue and "Did not respond"', () => {
    expect(lateness(dispatch('acknowledged'), '2023-04-26')).toEqual({ overdue: true, veryOverdue: false });
    expect(publicLabel(dispatch('sent'), '2023-04-26')).toBe('Did not respond');
  });
  it('after the escalation date it is very overdue', () => {
    expect(lateness(dispatch('sent'), '2023-05-10')).toEqual({ overdue: true, veryOverdue: true });
  });
  it('answered dispatches are never overdue', () => {
    expect(lateness(dispatch('responded'), '2024-01-01')).toEqual({ overdue: false, veryOverdue: false });
    expect(publicLabel(dispatch('responded'), '2024-01-01')).toBe('Responded');
    expect(publicLabel(dispatch('declined'), '2024-01-01')).toBe('Declined to respond');
  });
});
