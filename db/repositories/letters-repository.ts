import { and, asc, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  campaigns,
  companies,
  letterCompanies,
  letters,
  letterVersions,
  organizations,
  questions,
  signatures,
} from '../schema.js';
import { preparedOnce } from './prepared.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type LetterRow = typeof letters.$inferSelect;
export type NewLetter = typeof letters.$inferInsert;
export type QuestionRow = typeof questions.$inferSelect;
export type SignatureRow = typeof signatures.$inferSelect;

export interface QuestionInput {
  id?: number;
  text: string;
  originQuestionId?: number | null;
  /** Keeps a follow-up's questions under their original numbers; otherwise they are numbered in order. */
  number?: number;
}

export function createLettersRepository(db: Db, stamp: Stamp) {
  // Read on every page: prepared once.
  const byId = db
    .select()
    .from(letters)
    .where(eq(letters.id, sql.placeholder('id')))
    .prepare();
  const lettersOfCampaign = preparedOnce(() =>
    db
      .select()
      .from(letters)
      .where(eq(letters.campaignId, sql.placeholder('campaignId')))
      .orderBy(desc(letters.id))
      .prepare(),
  );
  const questionsQuery = preparedOnce(() =>
    db
      .select()
      .from(questions)
      .where(eq(questions.letterId, sql.placeholder('letterId')))
      .orderBy(asc(questions.number))
      .prepare(),
  );
  const questionsOfLetter = (letterId: number): QuestionRow[] => questionsQuery().all({ letterId });
  const signatoriesQuery = preparedOnce(() =>
    db
      .select({
        id: signatures.id,
        organizationId: signatures.organizationId,
        organizationName: organizations.name,
        organizationKind: organizations.kind,
        aumUsd: organizations.aumUsd,
        signerName: signatures.signerName,
        signerTitle: signatures.signerTitle,
        signatoryRole: signatures.signatoryRole,
        source: signatures.source,
        userId: signatures.userId,
        createdAt: signatures.createdAt,
      })
      .from(signatures)
      .innerJoin(organizations, eq(organizations.id, signatures.organizationId))
      .where(and(eq(signatures.letterId, sql.placeholder('letterId')), isNull(signatures.withdrawnAt)))
      .orderBy(asc(signatures.id))
      .prepare(),
  );

  return {
    findById(id: number): LetterRow | undefined {
      return byId.get({ id });
    },
    listForCampaign(campaignId: number): LetterRow[] {
      return lettersOfCampaign().all({ campaignId });
    },
    insert(values: NewLetter): LetterRow {
      return db
        .insert(letters)
        .values({ ...values, ...newRowStamps(stamp) })
        .returning()
        .get();
    },
    update(id: number, values: Partial<NewLetter>): LetterRow | undefined {
      return db
        .update(letters)
        .set({ ...values, updatedAt: stamp() })
        .where(eq(letters.id, id))
        .returning()
        .get();
    },
    /** Moves the letter only if it is still in `from`, so two racing requests cannot both win. */
    transition(id: number, from: LetterRow['status'][], values: Partial<NewLetter>): boolean {
      return (
        db
          .update(letters)
          .set({ ...values, updatedAt: stamp() })
          .where(and(eq(letters.id, id), inArray(letters.status, from)))
          .run().changes === 1
      );
    },

    questions(letterId: number): QuestionRow[] {
      return questionsOfLetter(letterId);
    },
    questionsOf(letterIds: number[]): QuestionRow[] {
      if (letterIds.length === 0) return [];
      return db
        .select()
        .from(questions)
        .where(inArray(questions.letterId, letterIds))
        .orderBy(asc(questions.number))
        .all();
    },
    findQuestion(id: number): QuestionRow | undefined {
      return db.select().from(questions).where(eq(questions.id, id)).get();
    },
    /**
     * Makes the letter's questions exactly `wanted`, numbered in order. A question given with its
     * id keeps its identity (and its answers' history); without one, the question at the same
     * position is reused.
     */
    replaceQuestions(letterId: number, wanted: QuestionInput[]): QuestionRow[] {
      const existing = questionsOfLetter(letterId);
      const byId = new Map(existing.map((q) => [q.id, q]));
      const kept = new Set<number>();
      const plan = wanted.map((q, index) => {
        const match = q.id !== undefined ? byId.get(q.id) : existing[index];
        const reuse =
          match && !kept.has(match.id) && (q.id !== undefined || !wanted.some((w) => w.id === match.id))
            ? match
            : undefined;
        if (reuse) kept.add(reuse.id);
        return { input: q, number: q.number ?? index + 1, reuse };
      });
      const removed = existing.filter((q) => !kept.has(q.id)).map((q) => q.id);
      if (removed.length) db.delete(questions).where(inArray(questions.id, removed)).run();
      // Numbers are not unique in the schema, so rows can be renumbered in any order.
      for (const { input, number, reuse } of plan) {
        if (reuse) {
          db.update(questions).set({ text: input.text, number }).where(eq(questions.id, reuse.id)).run();
        } else {
          db.insert(questions)
            .values({
              letterId,
              number,
              text: input.text,
              originQuestionId: input.originQuestionId ?? null,
              createdAt: stamp(),
            })
            .run();
        }
      }
      return questionsOfLetter(letterId);
    },

    addVersion(
      letterId: number,
      values: { title: string; body: string; questions: string[]; createdBy: number | null },
    ) {
      const latest = db
        .select({ v: max(letterVersions.version) })
        .from(letterVersions)
        .where(eq(letterVersions.letterId, letterId))
        .get();
      return db
        .insert(letterVersions)
        .values({ letterId, version: (latest?.v ?? 0) + 1, ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    versions(letterId: number) {
      return db
        .select()
        .from(letterVersions)
        .where(eq(letterVersions.letterId, letterId))
        .orderBy(desc(letterVersions.version))
        .all();
    },

    companyIds(letterId: number): number[] {
      return db
        .select({ id: letterCompanies.companyId })
        .from(letterCompanies)
        .where(eq(letterCompanies.letterId, letterId))
        .all()
        .map((r) => r.id);
    },
    targets(letterId: number) {
      return db
        .select({
          id: companies.id,
          name: companies.name,
          country: companies.country,
          sector: companies.sector,
        })
        .from(letterCompanies)
        .innerJoin(companies, eq(companies.id, letterCompanies.companyId))
        .where(eq(letterCompanies.letterId, letterId))
        .orderBy(asc(companies.name))
        .all();
    },
    setCompanies(letterId: number, companyIds: number[]): void {
      db.delete(letterCompanies).where(eq(letterCompanies.letterId, letterId)).run();
      for (let i = 0; i < companyIds.length; i += 500) {
        db.insert(letterCompanies)
          .values(companyIds.slice(i, i + 500).map((companyId) => ({ letterId, companyId })))
          .run();
      }
    },

    insertSignature(values: typeof signatures.$inferInsert): SignatureRow {
      return db
        .insert(signatures)
        .values({ ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    findSignature(id: number): SignatureRow | undefined {
      return db.select().from(signatures).where(eq(signatures.id, id)).get();
    },
    withdrawSignature(id: number, nowIso: string): boolean {
      return (
        db
          .update(signatures)
          .set({ withdrawnAt: nowIso })
          .where(and(eq(signatures.id, id), isNull(signatures.withdrawnAt)))
          .run().changes === 1
      );
    },
    /**
     * Drafts and letters open for signatures (the dashboard's "needs action"), with whether the
     * given organization has signed: one query for all of them.
     */
    inProgress(campaignIds: number[] | undefined, organizationId: number | null) {
      if (campaignIds?.length === 0) return [];
      const signed = organizationId
        ? sql<number>`exists (select 1 from ${signatures} where ${signatures.letterId} = ${letters.id} and ${signatures.organizationId} = ${organizationId} and ${signatures.withdrawnAt} is null)`
        : sql<number>`0`;
      return db
        .select({
          id: letters.id,
          campaignId: letters.campaignId,
          campaignName: campaigns.name,
          title: letters.title,
          kind: letters.kind,
          status: letters.status,
          signOnClosesAt: letters.signOnClosesAt,
          updatedAt: letters.updatedAt,
          signedByMyOrganization: signed,
        })
        .from(letters)
        .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
        .where(
          and(
            inArray(letters.status, ['draft', 'sign_on']),
            campaignIds ? inArray(letters.campaignId, campaignIds) : undefined,
          ),
        )
        .orderBy(asc(letters.signOnClosesAt), desc(letters.updatedAt))
        .all()
        .map((row) => ({ ...row, signedByMyOrganization: Boolean(row.signedByMyOrganization) }));
    },
    /** Active signatures with their organizations, lead signatories first. */
    signatories(letterId: number) {
      return signatoriesQuery().all({ letterId });
    },
  };
}
