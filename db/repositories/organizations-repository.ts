import { and, asc, count, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { caseFold } from '../casefold.js';
import type { Db } from '../client.js';
import { organizations, users } from '../schema.js';
import { containsText } from './like.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type OrganizationRow = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;

export function createOrganizationsRepository(db: Db, stamp: Stamp) {
  return {
    list({
      q,
      archived = false,
      limit,
      offset,
    }: {
      q?: string;
      archived?: boolean;
      limit: number;
      offset: number;
    }) {
      const where = and(
        archived ? isNotNull(organizations.archivedAt) : isNull(organizations.archivedAt),
        q ? or(containsText(organizations.name, q), containsText(organizations.country, q)) : undefined,
      );
      const items = db
        .select()
        .from(organizations)
        .where(where)
        .orderBy(asc(sql`lower(${organizations.name})`))
        .limit(limit)
        .offset(offset)
        .all();
      const total = db.select({ n: count() }).from(organizations).where(where).get()?.n ?? 0;
      return { items, total, limit, offset };
    },
    /** Every organization in use (not archived): what pickers offer. */
    listAll(): OrganizationRow[] {
      return db
        .select()
        .from(organizations)
        .where(isNull(organizations.archivedAt))
        .orderBy(asc(sql`lower(${organizations.name})`))
        .all();
    },
    findById(id: number): OrganizationRow | undefined {
      return db.select().from(organizations).where(eq(organizations.id, id)).get();
    },
    findByName(name: string): OrganizationRow | undefined {
      return db
        .select()
        .from(organizations)
        .where(sql`casefold(${organizations.name}) = ${caseFold(name.trim())}`)
        .get();
    },
    insert(values: NewOrganization): OrganizationRow {
      return db
        .insert(organizations)
        .values({ ...values, ...newRowStamps(stamp) })
        .returning()
        .get();
    },
    update(id: number, values: Partial<NewOrganization>): OrganizationRow | undefined {
      return db
        .update(organizations)
        .set({ ...values, updatedAt: stamp() })
        .where(eq(organizations.id, id))
        .returning()
        .get();
    },
    delete(id: number): boolean {
      return db.delete(organizations).where(eq(organizations.id, id)).run().changes === 1;
    },
    setArchived(id: number, archivedAt: string | null): void {
      db.update(organizations).set({ archivedAt, updatedAt: stamp() }).where(eq(organizations.id, id)).run();
    },
    /** What keeps an organization from being deleted: the campaigns it is in and its signatures. */
    references(id: number): { campaigns: number; signatures: number } {
      const n = (table: string) =>
        (
          db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE organization_id = ?`).get(id) as {
            n: number;
          }
        ).n;
      return { campaigns: n('campaign_organizations'), signatures: n('signatures') };
    },
    countMembers(id: number): number {
      return db.select({ n: count() }).from(users).where(eq(users.organizationId, id)).get()?.n ?? 0;
    },
  };
}
