import type { EscalationStep } from '../../db/schema.js';
import { formatCalendarDate } from '../lib/calendar-dates.js';

export interface EscalationFacts {
  /** The highest level the letters sent to this company reached: 1 initial, 2 reminder, 4 follow-up or escalation. */
  letterLevel: number;
  /** The public tracker names this company's response or non-response. */
  published: boolean;
  /** A level a coordinator recorded by hand (AGM questions, a proposal, a vote…). */
  recordedLevel: number | null;
}

export function currentLevel(facts: EscalationFacts): number {
  return Math.max(facts.letterLevel, facts.published ? 3 : 0, facts.recordedLevel ?? 0);
}

export interface NextStep {
  level: number;
  title: string;
  reason: string;
  action?: { label: string; kind: 'reminder' | 'follow_up' | 'escalation' } | undefined;
}

interface DispatchFacts {
  status: string;
  dueAt: string;
  escalateAt: string;
  overdue: boolean;
  veryOverdue: boolean;
  coverage: number | null;
  openQuestions: number;
}

function stepTitle(ladder: EscalationStep[], level: number): string {
  return ladder.find((s) => s.level === level)?.title ?? `Level ${level}`;
}

/** What the ladder suggests doing next about one company's copy of a letter. */
export function suggestNextStep(
  dispatch: DispatchFacts,
  ladder: EscalationStep[],
  campaignPublic: boolean,
  level: number,
): NextStep {
  const step = (stepLevel: number, reason: string, action?: NextStep['action']): NextStep => ({
    level: stepLevel,
    title: stepTitle(ladder, stepLevel),
    reason,
    action,
  });
  const due = formatCalendarDate(dispatch.dueAt);
  switch (dispatch.status) {
    case 'bounced':
      return step(1, 'The letter bounced: find another contact and send it again.');
    case 'declined':
      return step(
        Math.max(5, level + 1),
        'The company declined to respond: escalate to the board and consider an investor statement.',
        {
          label: 'Draft an escalation letter',
          kind: 'escalation',
        },
      );
    case 'responded':
    case 'closed':
      if (dispatch.openQuestions === 0)
        return step(level, 'Every question is answered: publish the response and monitor commitments.');
      return step(
        4,
        dispatch.coverage !== null && dispatch.coverage < 0.5
          ? `Question coverage is ${Math.round(dispatch.coverage * 100)}%, under 50%: follow up or ask for a meeting with directors.`
          : `${dispatch.openQuestions} question(s) remain open: follow up on them.`,
        { label: 'Draft a follow-up', kind: 'follow_up' },
      );
    default:
      if (dispatch.veryOverdue) {
        return campaignPublic && level < 3
          ? step(3, `No response since ${due}: the public tracker now lists the company as not responding.`)
          : step(
              4,
              `No response since ${due}: escalate with a follow-up letter or a meeting with directors.`,
              {
                label: 'Draft an escalation letter',
                kind: 'escalation',
              },
            );
      }
      if (dispatch.overdue)
        return step(2, `The response was due ${due}: send a reminder.`, {
          label: 'Draft a reminder',
          kind: 'reminder',
        });
      if (dispatch.status === 'acknowledged')
        return step(level, `Holding reply received: wait for the full answer, due ${due}.`);
      return step(level, `Wait for the response, due ${due}.`);
  }
}

/** Parses "1. Private letter" lines (or "Private letter" lines, numbered in order) into a ladder. */
export function parseLadder(text: string): EscalationStep[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const match = /^(\d+)[.)]\s*(.+)$/.exec(line);
      return match ? { level: Number(match[1]), title: match[2]!.trim() } : { level: index, title: line };
    });
}
