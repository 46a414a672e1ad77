import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Role } from '../../server/domain/vocabulary.js';
import type { Db } from '../client.js';
import { users } from '../schema.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export function createUsersRepository(db: Db, stamp: Stamp) {
  // Read on every page: prepared once.
  const byId = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
  return {
    findById(id: number): UserRow | undefined {
      return byId.get({ id });
    },
    findByEmail(email: string): UserRow | undefined {
      return db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`).get();
    },
    findByCalendarToken(token: string): UserRow | undefined {
      return db.select().from(users).where(eq(users.calendarToken, token)).get();
    },
    list(): UserRow[] {
      return db.select().from(users).orderBy(asc(users.name)).all();
    },
    count(): number {
      return db.select({ n: count() }).from(users).get()?.n ?? 0;
    },
    countActiveAdmins(): number {
      return (
        db
          .select({ n: count() })
          .from(users)
          .where(and(eq(users.role, 'admin'), eq(users.active, true)))
          .get()?.n ?? 0
      );
    },
    insert(values: NewUser): UserRow {
      return db
        .insert(users)
        .values({ ...values, ...newRowStamps(stamp) })
        .returning()
        .get();
    },
    update(id: number, values: Partial<Omit<NewUser, 'id'>>): UserRow | undefined {
      return db
        .update(users)
        .set({ ...values, updatedAt: stamp() })
        .where(eq(users.id, id))
        .returning()
        .get();
    },
    listByRole(role: Role): UserRow[] {
      return db
        .select()
        .from(users)
        .where(and(eq(users.role, role), eq(users.active, true)))
        .all();
    },
  };
}
