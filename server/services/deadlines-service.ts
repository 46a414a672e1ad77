import type { DeadlineRow, Repositories } from '../../db/repositories/index.js';
import { seesEveryCampaign } from '../domain/campaign-visibility.js';
import { compareDeadlines } from '../domain/deadline-kinds.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { addDays, dateInZone } from '../lib/calendar-dates.js';
import type { Clock } from '../lib/clock.js';
import {
  type CompanyDates,
  computeFilingDeadline,
  FILING_KINDS,
  FILING_RULES,
  filingRuleApplies,
  isFilingKind,
} from '../lib/filing-rules.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { overrideDeadline } from './deadlines/company-deadlines.js';
import { customDeadline } from './deadlines/custom-deadlines.js';
import type { Deadline, DeadlineEntry, DeadlineQuery, DeadlineScope } from './deadlines/deadline.js';
import { createDeadlineSources } from './deadlines/registry.js';
import { recordEvent } from './events.js';

export type { Deadline, DeadlineEntry, DeadlineKind, DeadlineQuery } from './deadlines/deadline.js';

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

export function createDeadlinesService({
  repos,
  clock,
  timezone,
  baseUrl,
  campaigns,
  letterTitle,
}: {
  repos: Repositories;
  clock: Clock;
  timezone: string;
  baseUrl: string;
  campaigns: CampaignsService;
  /** A letter's title rendered for one company (reminders name the letter as the company got it). */
  letterTitle: (letterId: number, companyId: number) => string;
}) {
  const today = () => dateInZone(clock.now(), timezone);
  const sources = createDeadlineSources({ repos, baseUrl, timezone, letterTitle });

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

  /**
   * Every source's deadlines for the query, each with what a reminder about it needs. Readers:
   * the list and month view, the calendar feeds, the company page, reminders and digests.
   */
  function entries(query: DeadlineQuery = {}): DeadlineEntry[] {
    const { from, to, kinds } = query;
    const scope: DeadlineScope = { ...scopeOf(query), from, to, companyId: query.companyId };
    return sources
      .filter((source) => !kinds || source.kinds.some((kind) => kinds.includes(kind)))
      .flatMap((source) => source.entries(scope))
      .filter((entry) => !kinds || kinds.includes(entry.deadline.kind))
      .sort((a, b) => compareDeadlines(a.deadline, b.deadline));
  }

  function list(query: DeadlineQuery = {}): Deadline[] {
    return entries(query).map((entry) => entry.deadline);
  }

  /**
   * The first `limit` deadlines of the query, earliest first, and how many there are in all:
   * sources with many rows (dispatches) read only their first `limit` and count the rest in SQL.
   */
  function page(query: DeadlineQuery & { limit: number }): { items: Deadline[]; total: number } {
    const { from, to, kinds, limit } = query;
    const scope: DeadlineScope = { ...scopeOf(query), from, to, companyId: query.companyId };
    let total = 0;
    const items: DeadlineEntry[] = [];
    for (const source of sources) {
      if (kinds && !source.kinds.some((kind) => kinds.includes(kind))) continue;
      const wanted = (e: DeadlineEntry) => !kinds || kinds.includes(e.deadline.kind);
      if (source.count && (!kinds || source.kinds.every((kind) => kinds.includes(kind)))) {
        total += source.count(scope);
        items.push(...source.entries({ ...scope, limit }));
      } else {
        const all = source.entries(scope).filter(wanted);
        total += all.length;
        items.push(...all);
      }
    }
    return {
      items: items
        .sort((a, b) => compareDeadlines(a.deadline, b.deadline))
        .slice(0, limit)
        .map((e) => e.deadline),
      total,
    };
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
  /** Response and escalation dates already passed with no answer: the first `limit`, oldest first, and how many. */
  function overdue(query: Omit<DeadlineQuery, 'from' | 'to' | 'kinds'> & { limit: number }) {
    return page({ ...query, to: addDays(today(), -1), kinds: ['response_due', 'escalation_due'] });
  }

  return {
    today,
    list,
    entries,
    /** The registered sources (reminders read the anchor and template of each). */
    sources,
    overdue,
    page,

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
        return customDeadline(row, baseUrl);
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
        return overrideDeadline(row, company.name, baseUrl, computeFilingDeadline(kind, company));
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
