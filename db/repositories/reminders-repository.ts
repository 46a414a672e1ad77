import { and, asc, count, desc, eq, gt, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { dispatchSql } from '../../server/domain/dispatch-lateness.js';
import { responseSql } from '../../server/domain/responses.js';
import type { Db } from '../client.js';
import type { UserPreferences } from '../schema.js';
import {
  campaignCompanies,
  campaignCoordinators,
  campaignOrganizations,
  campaigns,
  companies,
  dispatches,
  letters,
  reminderKeys,
  responses,
  signatures,
  users,
} from '../schema.js';
import { createBoardQueries } from './board-queries.js';
import type { Stamp } from './timestamps.js';

export interface ReminderKey {
  rule: string;
  subjectKey: string;
  anchorDate: string;
  recipient: string;
}

export interface RecipientRow {
  id: number;
  email: string;
  name: string;
  role: string;
  preferences: UserPreferences;
}

export interface DispatchReminderRow {
  id: number;
  campaignId: number;
  letterId: number;
  companyId: number;
  companyName: string;
  letterTitle: string;
  status: string;
  dueAt: string;
  escalateAt: string;
}

const recipientColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  preferences: users.preferences,
};

const dispatchColumns = {
  id: dispatches.id,
  campaignId: dispatches.campaignId,
  letterId: dispatches.letterId,
  companyId: dispatches.companyId,
  companyName: companies.name,
  letterTitle: letters.title,
  status: dispatches.status,
  dueAt: dispatches.dueAt,
  escalateAt: dispatches.escalateAt,
};

/** The SQL behind reminders and digests: every query is bounded by a date window on an index. */
export function createRemindersRepository(db: Db, stamp: Stamp) {
  const board = createBoardQueries(db);
  /** The first `limit` dispatches matching `where`, by due date, and how many match in all. */
  function openDispatchesPage(where: SQL | undefined, limit: number, total?: () => number) {
    const items = db
      .select(dispatchColumns)
      .from(dispatches)
      .innerJoin(companies, eq(companies.id, dispatches.companyId))
      .innerJoin(letters, eq(letters.id, dispatches.letterId))
      .where(where)
      .orderBy(asc(dispatches.dueAt), asc(companies.name))
      .limit(limit)
      .all();
    return {
      items,
      total: total ? total() : (db.select({ n: count() }).from(dispatches).where(where).get()?.n ?? 0),
    };
  }

  return {
    /**
     * Records that a reminder goes out. False when that (rule, subject, anchor, recipient) is
     * already recorded: by an earlier run, or by another process racing this one.
     */
    claimKey(key: ReminderKey): number | undefined {
      const row = db
        .insert(reminderKeys)
        .values({ ...key, createdAt: stamp() })
        .onConflictDoNothing()
        .returning({ id: reminderKeys.id })
        .get();
      return row?.id;
    },
    attachOutbox(keyIds: number[], outboxId: number): void {
      if (keyIds.length) {
        db.update(reminderKeys).set({ outboxId }).where(inArray(reminderKeys.id, keyIds)).run();
      }
    },
    /** When the last key of this rule for `recipient`, anchored before `beforeDate`, was recorded. */
    lastKeyRecordedAt(rule: string, recipient: string, beforeDate: string): string | undefined {
      return db
        .select({ at: reminderKeys.createdAt })
        .from(reminderKeys)
        .where(
          and(
            eq(reminderKeys.rule, rule),
            eq(reminderKeys.recipient, recipient),
            lt(reminderKeys.anchorDate, beforeDate),
          ),
        )
        .orderBy(desc(reminderKeys.anchorDate))
        .limit(1)
        .get()?.at;
    },

    campaignsWithRules() {
      return db
        .select({ id: campaigns.id, name: campaigns.name, reminderRules: campaigns.reminderRules })
        .from(campaigns)
        .all();
    },
    signedOrganizationIds(letterId: number): number[] {
      return db
        .select({ id: signatures.organizationId })
        .from(signatures)
        .where(and(eq(signatures.letterId, letterId), isNull(signatures.withdrawnAt)))
        .all()
        .map((r) => r.id);
    },
    /** A campaign's named coordinators, or every active coordinator when it names none. */
    coordinatorsOf(campaignId: number): RecipientRow[] {
      const named = db
        .select(recipientColumns)
        .from(campaignCoordinators)
        .innerJoin(users, eq(users.id, campaignCoordinators.userId))
        .where(and(eq(campaignCoordinators.campaignId, campaignId), eq(users.active, true)))
        .all();
      const anyNamed = db
        .select({ n: count() })
        .from(campaignCoordinators)
        .where(eq(campaignCoordinators.campaignId, campaignId))
        .get();
      if (anyNamed && anyNamed.n > 0) return named;
      return db
        .select(recipientColumns)
        .from(users)
        .where(and(eq(users.role, 'coordinator'), eq(users.active, true)))
        .orderBy(asc(users.id))
        .all();
    },
    /** Active people whose organization belongs to the campaign, with the organization. */
    membersOf(campaignId: number): (RecipientRow & { organizationId: number })[] {
      return db
        .select({ ...recipientColumns, organizationId: campaignOrganizations.organizationId })
        .from(campaignOrganizations)
        .innerJoin(users, eq(users.organizationId, campaignOrganizations.organizationId))
        .where(and(eq(campaignOrganizations.campaignId, campaignId), eq(users.active, true)))
        .orderBy(asc(users.id))
        .all();
    },
    campaignIdsTargeting(companyId: number): number[] {
      return db
        .select({ id: campaignCompanies.campaignId })
        .from(campaignCompanies)
        .where(eq(campaignCompanies.companyId, companyId))
        .all()
        .map((r) => r.id);
    },
    campaignName(campaignId: number): string | undefined {
      return db.select({ name: campaigns.name }).from(campaigns).where(eq(campaigns.id, campaignId)).get()
        ?.name;
    },

    /** Active people who chose a digest of this frequency. */
    digestRecipients(frequency: 'daily' | 'weekly') {
      return db
        .select({ ...recipientColumns, organizationId: users.organizationId })
        .from(users)
        .where(
          and(eq(users.active, true), sql`json_extract(${users.preferences}, '$.digest') = ${frequency}`),
        )
        .orderBy(asc(users.id))
        .all();
    },
    campaignsOfOrganization(organizationId: number) {
      return db
        .select({ id: campaigns.id, name: campaigns.name })
        .from(campaignOrganizations)
        .innerJoin(campaigns, eq(campaigns.id, campaignOrganizations.campaignId))
        .where(eq(campaignOrganizations.organizationId, organizationId))
        .orderBy(asc(campaigns.name))
        .all();
    },
    allCampaigns() {
      return db
        .select({ id: campaigns.id, name: campaigns.name })
        .from(campaigns)
        .orderBy(asc(campaigns.name))
        .all();
    },
    /** Open dispatches of a campaign past their due date: the first `limit` and how many in all. */
    overdue(campaignId: number, today: string, limit: number) {
      const where = and(eq(dispatches.campaignId, campaignId), dispatchSql.overdue(today));
      // The total is the board's overdue count, read off the tallies rather than the dispatches.
      return openDispatchesPage(where, limit, () => board.count({ campaignId, today, overdue: true }));
    },
    /** Reviewed responses (not auto-replies or bounces) on the campaign's dispatches since `sinceIso`. */
    responsesSince(campaignId: number, sinceIso: string, untilIso: string, limit: number) {
      return db
        .select({
          id: responses.id,
          dispatchId: responses.dispatchId,
          letterId: dispatches.letterId,
          companyId: dispatches.companyId,
          kind: responses.kind,
          receivedAt: responses.receivedAt,
          companyName: companies.name,
          letterTitle: letters.title,
        })
        .from(responses)
        .innerJoin(dispatches, eq(dispatches.id, responses.dispatchId))
        .innerJoin(companies, eq(companies.id, dispatches.companyId))
        .innerJoin(letters, eq(letters.id, dispatches.letterId))
        .where(
          and(
            eq(dispatches.campaignId, campaignId),
            responseSql.counts(),
            eq(responses.reviewed, true),
            gt(responses.createdAt, sinceIso),
            sql`${responses.createdAt} <= ${untilIso}`,
          ),
        )
        .orderBy(desc(responses.createdAt))
        .limit(limit)
        .all();
    },
  };
}

export type RemindersRepository = ReturnType<typeof createRemindersRepository>;
