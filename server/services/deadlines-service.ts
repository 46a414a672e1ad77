import type { DeadlineRow, Repositories, UserRow } from '../../db/repositories/index.js';
import type { DEADLINE_KINDS } from '../../db/schema.js';
import { seesEveryCampaign } from '../domain/campaign-visibility.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { addDays, dateInZone, daysBetween, formatCalendarDate, isInstant } from '../lib/calendar-dates.js';
import type { Clock } from '../lib/clock.js';
import {
  type CompanyDates,
  computeFilingDeadline,
  FILING_KINDS,
  FILING_RULES,
  type FilingKind,
  filingRuleApplies,
  isFilingKind,
} from '../lib/filing-rules.js';
import { roleAtLeast } from '../lib/roles.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { recordEvent } from './events.js';

export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  kind: DeadlineKind;
  date: string;
  title: string;
  explanation: string;
  campaignId?: number;
  companyId?: number;
  dispatchId?: number;
  letterId?: number;
  source: 'computed' | 'manual' | 'company';
  overrideSource?: string;
  /** The stored row of a custom deadline or an override, for deleting it. */
  id?: number;
  /** The rule gives no fixed date: the date shown is an estimate until the company discloses one. */
  needsDisclosedDate?: boolean;
  /** The instant of a deadline with a time of day (sign-on closing), ISO 8601. */
  at?: string;
  url: string;
}

export interface DeadlineQuery {
  from?: string;
  to?: string;
  campaignId?: number;
  companyId?: number;
  /** Whose deadlines: members see their campaigns' only. Omitted: everything (jobs, CLI). */
  user?: UserRow;
}

export interface CustomDeadlineInput {
  kind: 'custom';
  date: string;
  title: string;
  explanation?: string;
  campaignId?: number;
  companyId?: number;
}

const MISSING_INPUT = {
  proxy_anniversary: 'last proxy statement date',
  agm_anniversary: 'last AGM date',
  next_agm: 'next AGM date',
} as const;

const KIND_ORDER = new Map<string, number>(
  [
    'agm',
    'proposal_us_14a8',
    'nomination_us_14a19',
    'resolution_uk_s338',
    'agenda_de_122',
    'sign_on_closes',
    'response_due',
    'escalation_due',
    'custom',
  ].map((kind, i) => [kind, i]),
);

/** Letter titles may hold template variables; show them as placeholders. */
const plainTitle = withPlaceholders;

function escalationWording(dueAt: string, escalateAt: string): string {
  const days = daysBetween(dueAt, escalateAt);
  return days > 0 ? `${days} days after` : 'on';
}

function inRange(date: string, from?: string, to?: string): boolean {
  return (!from || date >= from) && (!to || date <= to);
}

export function createDeadlinesService({
  repos,
  clock,
  timezone,
  baseUrl,
  campaigns,
}: {
  repos: Repositories;
  clock: Clock;
  timezone: string;
  baseUrl: string;
  campaigns: CampaignsService;
}) {
  const today = () => dateInZone(clock.now(), timezone);

  /** Campaigns the query may reach (undefined: all) and companies whose own deadlines it may show. */
  function scopeOf(query: DeadlineQuery) {
    const { user, campaignId, companyId } = query;
    let campaignIds: number[] | undefined;
    if (campaignId !== undefined) {
      campaigns.get(campaignId);
      if (user && !campaigns.canRead(user, campaignId))
        throw new ForbiddenError('Your organization is not a member of this campaign');
      campaignIds = [campaignId];
    } else if (user && !seesEveryCampaign(user)) {
      campaignIds = repos.campaigns.list(user).map((c) => c.id);
    }
    let companyIds = campaignIds ? repos.deadlines.targetCompanyIds(campaignIds) : undefined;
    if (companyId !== undefined) {
      if (!repos.companies.findById(companyId)) throw new NotFoundError('Company', companyId);
      companyIds = !companyIds || companyIds.includes(companyId) ? [companyId] : [];
    }
    return { campaignIds, companyIds, staffWide: campaignIds === undefined && companyId === undefined };
  }

  function companyDeadlines(companyIds: number[] | undefined, overrides: DeadlineRow[]): Deadline[] {
    const result: Deadline[] = [];
    const overrideOf = new Map(overrides.map((o) => [`${o.companyId}:${o.kind}`, o]));
    const used = new Set<DeadlineRow>();
    const names = new Map<number, string>();
    for (const company of repos.deadlines.companiesWithDates(companyIds)) {
      names.set(company.id, company.name);
      const url = `${baseUrl}/companies/${company.id}`;
      if (company.nextAgmDate) {
        result.push({
          kind: 'agm',
          date: company.nextAgmDate,
          title: `${company.name} annual general meeting`,
          explanation: `${formatCalendarDate(company.nextAgmDate)}: next AGM as recorded for ${company.name}`,
          companyId: company.id,
          source: 'company',
          url,
        });
      }
      for (const kind of FILING_KINDS) {
        const computed = computeFilingDeadline(kind, company);
        const override = overrideOf.get(`${company.id}:${kind}`);
        if (override) {
          used.add(override);
          result.push(overrideDeadline(override, company.name, computed?.date, computed?.explanation));
        } else if (computed) {
          result.push({
            kind,
            date: computed.date,
            title: `${FILING_RULES[kind].title}: ${company.name}`,
            explanation: computed.explanation,
            companyId: company.id,
            source: 'computed',
            ...(computed.needsDisclosedDate && { needsDisclosedDate: true }),
            url,
          });
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
      result.push(
        overrideDeadline(override, names.get(override.companyId!) ?? `Company ${override.companyId}`),
      );
    }
    return result;
  }

  function overrideDeadline(
    row: DeadlineRow,
    companyName: string,
    computedDate?: string,
    computedExplanation?: string,
  ): Deadline {
    const kind = row.kind as FilingKind;
    const rule = computedExplanation?.replace(`${formatCalendarDate(computedDate ?? '')}: `, '');
    const replaced = computedDate
      ? computedDate === row.date
        ? `; the computed date agrees (${rule})`
        : `; replaces the computed ${formatCalendarDate(computedDate)} (${rule})`
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

  function customDeadline(row: DeadlineRow): Deadline {
    return {
      kind: 'custom',
      date: row.date,
      title: row.title,
      explanation: row.explanation || `${formatCalendarDate(row.date)}: entered by hand`,
      ...(row.campaignId !== null && { campaignId: row.campaignId }),
      ...(row.companyId !== null && { companyId: row.companyId }),
      ...(row.letterId !== null && { letterId: row.letterId }),
      ...(row.dispatchId !== null && { dispatchId: row.dispatchId }),
      source: 'manual',
      id: row.id,
      url: row.campaignId
        ? `${baseUrl}/campaigns/${row.campaignId}`
        : row.companyId
          ? `${baseUrl}/companies/${row.companyId}`
          : `${baseUrl}/deadlines`,
    };
  }

  function list(query: DeadlineQuery = {}): Deadline[] {
    const { from, to, companyId } = query;
    const { campaignIds, companyIds, staffWide } = scopeOf(query);
    const campaignAllowed = (id: number) => !campaignIds || campaignIds.includes(id);
    const companyAllowed = (id: number) => !companyIds || companyIds.includes(id);
    const deadlines: Deadline[] = [];

    for (const d of repos.deadlines.openDispatches({
      campaignIds,
      companyIds: companyId !== undefined ? [companyId] : undefined,
      from,
      to,
    })) {
      const refs = {
        campaignId: d.campaignId,
        companyId: d.companyId,
        dispatchId: d.id,
        letterId: d.letterId,
      };
      const url = `${baseUrl}/dispatches/${d.id}`;
      const letter = plainTitle(d.letterTitle);
      if (inRange(d.dueAt, from, to)) {
        deadlines.push({
          kind: 'response_due',
          date: d.dueAt,
          title: `Response due: ${d.companyName} — ${letter}`,
          explanation: d.dueExplanation,
          ...refs,
          source: 'computed',
          url,
        });
      }
      if (inRange(d.escalateAt, from, to)) {
        deadlines.push({
          kind: 'escalation_due',
          date: d.escalateAt,
          title: `Escalation due: ${d.companyName} — ${letter}`,
          explanation: `${formatCalendarDate(d.escalateAt)}: ${escalationWording(d.dueAt, d.escalateAt)} the response due date ${formatCalendarDate(d.dueAt)}, if no response by then`,
          ...refs,
          source: 'computed',
          url,
        });
      }
    }

    if (companyId === undefined) {
      for (const letter of repos.deadlines.signOnLetters(campaignIds)) {
        // A stored closing time that is not a real instant gives no deadline rather than a failed page.
        if (!isInstant(letter.signOnClosesAt!)) continue;
        const closes = new Date(letter.signOnClosesAt!);
        const date = dateInZone(closes, timezone);
        if (!inRange(date, from, to)) continue;
        const time = new Intl.DateTimeFormat('en-GB', {
          hour: '2-digit',
          minute: '2-digit',
          timeZone: timezone,
          timeZoneName: 'short',
        }).format(closes);
        deadlines.push({
          kind: 'sign_on_closes',
          date,
          title: `Sign-on closes: ${plainTitle(letter.title)} (${letter.campaignName})`,
          explanation: `${formatCalendarDate(date)}: signatures for “${plainTitle(letter.title)}” are collected until ${time}`,
          campaignId: letter.campaignId,
          letterId: letter.id,
          source: 'computed',
          at: closes.toISOString(),
          url: `${baseUrl}/letters/${letter.id}`,
        });
      }
    }

    const overrides = repos.deadlines
      .overrides(companyIds)
      .filter((o) => o.companyId !== null && isFilingKind(o.kind));
    for (const d of companyDeadlines(companyIds, overrides)) {
      if (inRange(d.date, from, to)) deadlines.push(d);
    }

    for (const row of repos.deadlines.custom({ from, to })) {
      const visible = row.campaignId
        ? campaignAllowed(row.campaignId) && (companyId === undefined || row.companyId === companyId)
        : row.companyId
          ? companyAllowed(row.companyId)
          : staffWide;
      if (visible) deadlines.push(customDeadline(row));
    }

    return deadlines.sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        (KIND_ORDER.get(a.kind) ?? 99) - (KIND_ORDER.get(b.kind) ?? 99) ||
        a.title.localeCompare(b.title),
    );
  }

  function checkRefs(input: { campaignId?: number; companyId?: number }) {
    if (input.campaignId !== undefined && !repos.campaigns.findById(input.campaignId))
      throw new ValidationError('campaignId', `campaign ${input.campaignId} does not exist`);
    if (input.companyId !== undefined && !repos.companies.findById(input.companyId))
      throw new ValidationError('companyId', `company ${input.companyId} does not exist`);
  }

  function getRow(id: number): DeadlineRow {
    const row = repos.deadlines.findById(id);
    if (!row) throw new NotFoundError('Deadline', id);
    return row;
  }

  /** Deadlines of open dispatches that have passed (response or escalation due): late work, oldest first. */
  function overdue(query: Omit<DeadlineQuery, 'from' | 'to'> = {}): Deadline[] {
    return list({ ...query, to: addDays(today(), -1) }).filter(
      (d) => d.kind === 'response_due' || d.kind === 'escalation_due',
    );
  }

  return {
    today,
    list,
    overdue,

    /**
     * Each filing rule of the company's jurisdiction (and any override) with its deadline, or the
     * input that is missing to compute one: what the company page shows and lets staff override.
     */
    filingOverview(company: CompanyDates & { id: number }, deadlines: Deadline[]) {
      return FILING_KINDS.filter(
        (kind) => filingRuleApplies(kind, company.jurisdiction) || deadlines.some((d) => d.kind === kind),
      ).map((kind) => {
        const rule = FILING_RULES[kind];
        const deadline = deadlines.find((d) => d.kind === kind);
        return {
          kind,
          title: rule.title,
          citation: rule.citation,
          deadline,
          overridden: deadline?.source === 'manual',
          missing: deadline ? undefined : `the ${MISSING_INPUT[rule.anchor]}`,
        };
      });
    },

    createCustom(input: CustomDeadlineInput, actor: Actor): Deadline {
      checkRefs(input);
      return repos.transaction(() => {
        const row = repos.deadlines.insert({
          kind: 'custom',
          date: input.date,
          title: input.title.trim(),
          explanation: input.explanation?.trim() ?? '',
          campaignId: input.campaignId ?? null,
          companyId: input.companyId ?? null,
          createdBy: actor.userId,
        });
        recordEvent(
          repos,
          actor,
          'deadline.created',
          { campaignId: row.campaignId, companyId: row.companyId },
          { deadlineId: row.id, kind: 'custom', date: row.date, title: row.title },
        );
        return customDeadline(row);
      });
    },

    /** Replaces a computed company deadline by a date the company disclosed. */
    override(
      companyId: number,
      kind: string,
      input: { date: string; source: string },
      actor: Actor,
    ): Deadline {
      const company = repos.companies.findById(companyId);
      if (!company) throw new NotFoundError('Company', companyId);
      if (!isFilingKind(kind)) {
        throw new ValidationError(
          'kind',
          `only computed filing deadlines can be overridden (${FILING_KINDS.join(', ')})${kind === 'agm' ? '; change the company’s next AGM date instead' : ''}`,
        );
      }
      if (!filingRuleApplies(kind, company.jurisdiction)) {
        throw new ConflictError(
          `${kind} applies to companies in ${FILING_RULES[kind].jurisdictions[0]}; this company's jurisdiction is ${company.jurisdiction ?? 'not set'}`,
          'kind',
        );
      }
      const source = input.source.trim();
      return repos.transaction(() => {
        const previous = repos.deadlines.findOverride(companyId, kind);
        if (previous) repos.deadlines.delete(previous.id);
        const row = repos.deadlines.insert({
          kind,
          date: input.date,
          title: FILING_RULES[kind].title,
          explanation: `Date from ${source}`,
          overrideSource: source,
          companyId,
          createdBy: actor.userId,
        });
        recordEvent(
          repos,
          actor,
          'deadline.overridden',
          { companyId },
          { deadlineId: row.id, kind, date: row.date, source, previousDate: previous?.date ?? null },
        );
        const computed = computeFilingDeadline(kind, company);
        return overrideDeadline(row, company.name, computed?.date, computed?.explanation);
      });
    },

    removeOverride(companyId: number, kind: string, actor: Actor): void {
      const row = isFilingKind(kind) ? repos.deadlines.findOverride(companyId, kind) : undefined;
      if (!row) throw new NotFoundError(`Override of ${kind} for company`, companyId);
      this.remove(row.id, actor);
    },

    /** Deletes a custom deadline or an override (the computed date, if any, shows again). */
    remove(id: number, actor: Actor): DeadlineRow {
      const row = getRow(id);
      repos.transaction(() => {
        repos.deadlines.delete(id);
        recordEvent(
          repos,
          actor,
          row.overrideSource ? 'deadline.override_removed' : 'deadline.deleted',
          { campaignId: row.campaignId, companyId: row.companyId },
          { deadlineId: id, kind: row.kind, date: row.date, title: row.title },
        );
      });
      return row;
    },
  };
}

export type DeadlinesService = ReturnType<typeof createDeadlinesService>;
