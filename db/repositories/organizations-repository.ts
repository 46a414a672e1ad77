import { asc, count, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { organizations, users } from '../schema.js';
import { containsText } from './like.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type OrganizationRow = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;

export function createOrganizationsRepository(db: Db, stamp: Stamp) {
  return {
    list({ q, limit, offset }: { q?: string; limit: number; offset: number }) {
      const where = q
        ? or(containsText(organizations.name, q), containsText(organizations.country, q))
        : undefined;
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
    listAll(): OrganizationRow[] {
      return db
        .select()
        .from(organizations)
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
        .where(sql`lower(${organizations.name}) = ${name.trim().toLowerCase()}`)
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
    countMembers(id: number): number {
      return db.select({ n: count() }).from(users).where(eq(users.organizationId, id)).get()?.n ?? 0;
    },
  };
}
