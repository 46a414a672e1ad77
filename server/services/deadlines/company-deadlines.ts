import type { DeadlineRow, Repositories } from '../../../db/repositories/index.js';
import { inDateRange } from '../../domain/deadline-kinds.js';
import { formatCalendarDate } from '../../lib/calendar-dates.js';
import {
  computeFilingDeadline,
  FILING_KINDS,
  FILING_RULES,
  type FilingKind,
  isFilingKind,
} from '../../lib/filing-rules.js';
import type { Deadline, DeadlineEntry, DeadlineSource } from './deadline.js';

/**
 * A computed filing deadline replaced by a date the company disclosed. `computedDate` and its
 * explanation, when the inputs allow computing one, say what the override replaces.
 */
export function overrideDeadline(
  row: DeadlineRow,
  companyName: string,
  baseUrl: string,
  computed?: { date: string; explanation: string },
): Deadline {
  const kind = row.kind as FilingKind;
  const rule = computed?.explanation.replace(`${formatCalendarDate(computed.date)}: `, '');
  const replaced = computed
    ? computed.date === row.date
      ? `; the computed date agrees (${rule})`
      : `; replaces the computed ${formatCalendarDate(computed.date)} (${rule})`
    : '';
  return {
    kind,
    date: row.date,
    title: `${FILING_RULES[kind]?.title ?? row.title}: ${companyName}`,
    explanation: `${formatCalendarDate(row.date)}: date from ${row.overrideSource}, entered by hand${replaced}`,
    companyId: row.companyId!,
    source: 'manual',
    overrideSource: row.overrideSource!,
    id: row.id,
    url: `${baseUrl}/companies/${row.companyId}`,
  };
}

/**
 * A company's own dates: its next AGM and the shareholder filing deadlines computed from its
 * meeting dates (DOMAIN.md §3), or the dates it disclosed (overrides) where staff entered them.
 */
export function companyDatesSource({
  repos,
  baseUrl,
}: {
  repos: Repositories;
  baseUrl: string;
}): DeadlineSource {
  function filingReminder(deadline: Deadline) {
    const subjectKey = `company:${deadline.companyId}:${deadline.kind}`;
    return () => ({
      subjectKey,
      group: subjectKey,
      data: {
        title: deadline.title,
        explanation: deadline.explanation,
        kind: deadline.kind,
        url: deadline.url,
      },
    });
  }
  const filingEntry = (deadline: Deadline): DeadlineEntry => ({ deadline, remind: filingReminder(deadline) });

  function all(companyIds: number[] | undefined): DeadlineEntry[] {
    const overrides = repos.deadlines
      .overrides(companyIds)
      .filter((o) => o.companyId !== null && isFilingKind(o.kind));
    const result: DeadlineEntry[] = [];
    const overrideOf = new Map(overrides.map((o) => [`${o.companyId}:${o.kind}`, o]));
    const used = new Set<DeadlineRow>();
    const names = new Map<number, string>();
    for (const company of repos.deadlines.companiesWithDates(companyIds)) {
      names.set(company.id, company.name);
      const url = `${baseUrl}/companies/${company.id}`;
      if (company.nextAgmDate) {
        result.push({
          deadline: {
            kind: 'agm',
            date: company.nextAgmDate,
            title: `${company.name} annual general meeting`,
            explanation: `${formatCalendarDate(company.nextAgmDate)}: next AGM as recorded for ${company.name}`,
            companyId: company.id,
            source: 'company',
            url,
          },
        });
      }
      for (const kind of FILING_KINDS) {
        const computed = computeFilingDeadline(kind, company);
        const override = overrideOf.get(`${company.id}:${kind}`);
        if (override) {
          used.add(override);
          result.push(filingEntry(overrideDeadline(override, company.name, baseUrl, computed)));
        } else if (computed) {
          result.push(
            filingEntry({
              kind,
              date: computed.date,
              title: `${FILING_RULES[kind].title}: ${company.name}`,
              explanation: computed.explanation,
              companyId: company.id,
              source: 'computed',
              ...(computed.needsDisclosedDate && { needsDisclosedDate: true }),
              url,
            }),
          );
        }
      }
    }
    // An override stands even when the inputs for computing its kind are missing.
    const orphans = overrides.filter((o) => !used.has(o));
    const missing = repos.companies.findByIds(
      [...new Set(orphans.map((o) => o.companyId!))].filter((id) => !names.has(id)),
    );
    for (const company of missing) names.set(company.id, company.name);
    for (const override of orphans) {
      const name = names.get(override.companyId!) ?? `Company ${override.companyId}`;
      result.push(filingEntry(overrideDeadline(override, name, baseUrl)));
    }
    return result;
  }

  return {
    name: 'company dates',
    kinds: ['agm', ...FILING_KINDS],
    entries: (scope) =>
      all(scope.companyIds).filter((e) => inDateRange(e.deadline.date, scope.from, scope.to)),
    reminder: { anchor: 'filing_deadline', template: () => 'reminder-filing-window' },
  };
}
