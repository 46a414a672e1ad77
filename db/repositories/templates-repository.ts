import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { templates, templateVersions } from '../schema.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type TemplateRow = typeof templates.$inferSelect;
export type NewTemplate = typeof templates.$inferInsert;
export type TemplateVersionRow = typeof templateVersions.$inferSelect;

export function createTemplatesRepository(db: Db, stamp: Stamp) {
  return {
    list(): TemplateRow[] {
      return db.select().from(templates).orderBy(asc(templates.kind), asc(templates.name)).all();
    },
    findById(id: number): TemplateRow | undefined {
      return db.select().from(templates).where(eq(templates.id, id)).get();
    },
    findByBuiltinKey(key: string): TemplateRow | undefined {
      return db.select().from(templates).where(eq(templates.builtinKey, key)).get();
    },
    findByName(name: string, locale: string): TemplateRow | undefined {
      return db
        .select()
        .from(templates)
        .where(
          sql`lower(${templates.name}) = ${name.trim().toLowerCase()} AND ${templates.locale} = ${locale}`,
        )
        .get();
    },
    /** Adds a built-in once; when another process added it first, nothing happens. */
    insertBuiltinIfMissing(values: NewTemplate): void {
      const row = db
        .insert(templates)
        .values({ ...values, ...newRowStamps(stamp) })
        .onConflictDoNothing()
        .returning()
        .get();
      if (row) {
        db.insert(templateVersions)
          .values({
            templateId: row.id,
            version: row.version,
            subject: row.subject,
            body: row.body,
            createdBy: null,
            createdAt: row.createdAt,
          })
          .run();
      }
    },
    insert(values: NewTemplate): TemplateRow {
      const row = db
        .insert(templates)
        .values({ ...values, ...newRowStamps(stamp) })
        .returning()
        .get();
      db.insert(templateVersions)
        .values({
          templateId: row.id,
          version: row.version,
          subject: row.subject,
          body: row.body,
          createdBy: row.createdBy,
          createdAt: row.createdAt,
        })
        .run();
      return row;
    },
    /** Saves a new version: the row moves to it and the version history keeps it. */
    addVersion(
      id: number,
      values: { subject: string | null; body: string; createdBy: number | null },
    ): TemplateRow {
      const current = db.select().from(templates).where(eq(templates.id, id)).get()!;
      const version = current.version + 1;
      db.insert(templateVersions)
        .values({ templateId: id, version, ...values, createdAt: stamp() })
        .run();
      return db
        .update(templates)
        .set({ ...values, version, updatedAt: stamp() })
        .where(eq(templates.id, id))
        .returning()
        .get();
    },
    /** Refreshes a built-in that nobody has edited from its (newer) file, in place. */
    refreshUnedited(id: number, values: { subject: string | null; body: string }): void {
      db.update(templates).set(values).where(eq(templates.id, id)).run();
      db.update(templateVersions).set(values).where(eq(templateVersions.templateId, id)).run();
    },
    versions(id: number): TemplateVersionRow[] {
      return db
        .select()
        .from(templateVersions)
        .where(eq(templateVersions.templateId, id))
        .orderBy(desc(templateVersions.version))
        .all();
    },
    version(id: number, version: number): TemplateVersionRow | undefined {
      return db
        .select()
        .from(templateVersions)
        .where(sql`${templateVersions.templateId} = ${id} AND ${templateVersions.version} = ${version}`)
        .get();
    },
  };
}
