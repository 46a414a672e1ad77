import { and, asc, count, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { caseFold } from '../casefold.js';
import type { Db } from '../client.js';
import { companies, companyContacts } from '../schema.js';
import { containsText } from './like.js';
import { preparedOnce } from './prepared.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type CompanyRow = typeof companies.$inferSelect;
export type NewCompany = typeof companies.$inferInsert;
export type ContactRow = typeof companyContacts.$inferSelect;
export type NewContact = Omit<typeof companyContacts.$inferInsert, 'companyId'>;
export type CompanyWithContacts = CompanyRow & { contacts: ContactRow[] };

export interface CompanyFilter {
  q?: string;
  sector?: string;
  country?: string;
  /** true: only archived companies; default: only companies in use. */
  archived?: boolean;
  limit: number;
  offset: number;
}

export function createCompaniesRepository(db: Db, stamp: Stamp) {
  // Read on every page: prepared once.
  const byId = db
    .select()
    .from(companies)
    .where(eq(companies.id, sql.placeholder('id')))
    .prepare();
  const contactsOfOne = preparedOnce(() =>
    db
      .select()
      .from(companyContacts)
      .where(eq(companyContacts.companyId, sql.placeholder('companyId')))
      .orderBy(asc(companyContacts.id))
      .prepare(),
  );
  function contactsOf(companyIds: number[]): Map<number, ContactRow[]> {
    const byCompany = new Map<number, ContactRow[]>();
    if (companyIds.length === 0) return byCompany;
    const rows =
      companyIds.length === 1
        ? contactsOfOne().all({ companyId: companyIds[0] })
        : db
            .select()
            .from(companyContacts)
            .where(inArray(companyContacts.companyId, companyIds))
            .orderBy(asc(companyContacts.id))
            .all();
    for (const row of rows) {
      const list = byCompany.get(row.companyId) ?? [];
      list.push(row);
      byCompany.set(row.companyId, list);
    }
    return byCompany;
  }

  function whereOf({ q, sector, country, archived = false }: Omit<CompanyFilter, 'limit' | 'offset'>) {
    return and(
      archived ? isNotNull(companies.archivedAt) : isNull(companies.archivedAt),
      q
        ? or(
            containsText(companies.name, q),
            containsText(companies.ticker, q),
            containsText(companies.isin, q),
            containsText(companies.sector, q),
          )
        : undefined,
      sector ? eq(companies.sector, sector) : undefined,
      country ? eq(companies.country, country.toUpperCase()) : undefined,
    );
  }

  return {
    list({ limit, offset, ...filter }: CompanyFilter) {
      const where = whereOf(filter);
      const rows = db
        .select()
        .from(companies)
        .where(where)
        .orderBy(asc(sql`lower(${companies.name})`))
        .limit(limit)
        .offset(offset)
        .all();
      const contacts = contactsOf(rows.map((r) => r.id));
      const items = rows.map((r) => ({ ...r, contacts: contacts.get(r.id) ?? [] }));
      const total = db.select({ n: count() }).from(companies).where(where).get()?.n ?? 0;
      return { items, total, limit, offset };
    },
    /** Every matching company's id, in the list's order (an export fixes its rows with these first). */
    listIds(filter: Omit<CompanyFilter, 'limit' | 'offset'>): number[] {
      return db
        .select({ id: companies.id })
        .from(companies)
        .where(whereOf(filter))
        .orderBy(asc(sql`lower(${companies.name})`))
        .all()
        .map((r) => r.id);
    },
    findById(id: number): CompanyWithContacts | undefined {
      const row = byId.get({ id });
      return row ? { ...row, contacts: contactsOf([id]).get(id) ?? [] } : undefined;
    },
    findByIds(ids: number[]): CompanyWithContacts[] {
      if (ids.length === 0) return [];
      const rows = db.select().from(companies).where(inArray(companies.id, ids)).all();
      const contacts = contactsOf(rows.map((r) => r.id));
      return rows.map((r) => ({ ...r, contacts: contacts.get(r.id) ?? [] }));
    },
    findByName(name: string): CompanyRow | undefined {
      return db
        .select()
        .from(companies)
        .where(sql`casefold(${companies.name}) = ${caseFold(name.trim())}`)
        .get();
    },
    /** The case-folded keys (see caseFold) of those names that a company already has. */
    existingNames(names: string[]): Set<string> {
      const lowered = [...new Set(names.map((n) => caseFold(n.trim())))];
      const found = new Set<string>();
      for (let i = 0; i < lowered.length; i += 500) {
        const chunk = lowered.slice(i, i + 500);
        const rows = db
          .select({ name: companies.name })
          .from(companies)
          .where(inArray(sql`casefold(${companies.name})`, chunk))
          .all();
        for (const row of rows) found.add(caseFold(row.name));
      }
      return found;
    },
    distinctSectors(): string[] {
      return db
        .selectDistinct({ sector: companies.sector })
        .from(companies)
        .where(sql`${companies.sector} IS NOT NULL AND ${companies.sector} != ''`)
        .orderBy(asc(companies.sector))
        .all()
        .map((r) => r.sector!);
    },
    /** Companies with a contact at this email domain, or whose website is on it. */
    idsByDomain(domain: string, limit = 5): number[] {
      const d = domain.toLowerCase();
      return db
        .selectDistinct({ id: companies.id })
        .from(companies)
        .leftJoin(companyContacts, eq(companyContacts.companyId, companies.id))
        .where(
          sql`lower(${companyContacts.email}) like ${`%@${d}`} or lower(${companies.website}) like ${`%//${d}%`} or lower(${companies.website}) like ${`%.${d}%`} or lower(${companies.website}) = ${d}`,
        )
        .limit(limit)
        .all()
        .map((r) => r.id);
    },
    insert(values: NewCompany, contacts: NewContact[]): CompanyWithContacts {
      const company = db
        .insert(companies)
        .values({ ...values, ...newRowStamps(stamp) })
        .returning()
        .get();
      const saved = contacts.length
        ? db
            .insert(companyContacts)
            .values(contacts.map((c) => ({ ...c, companyId: company.id, createdAt: stamp() })))
            .returning()
            .all()
        : [];
      return { ...company, contacts: saved };
    },
    update(
      id: number,
      values: Partial<NewCompany>,
      contacts?: NewContact[],
    ): CompanyWithContacts | undefined {
      const company = db
        .update(companies)
        .set({ ...values, updatedAt: stamp() })
        .where(eq(companies.id, id))
        .returning()
        .get();
      if (!company) return undefined;
      if (contacts) {
        db.delete(companyContacts).where(eq(companyContacts.companyId, id)).run();
        if (contacts.length) {
          db.insert(companyContacts)
            .values(contacts.map((c) => ({ ...c, companyId: id, createdAt: stamp() })))
            .run();
        }
      }
      return { ...company, contacts: contactsOf([id]).get(id) ?? [] };
    },
    delete(id: number): boolean {
      return db.delete(companies).where(eq(companies.id, id)).run().changes === 1;
    },
    setArchived(id: number, archivedAt: string | null): void {
      db.update(companies).set({ archivedAt, updatedAt: stamp() }).where(eq(companies.id, id)).run();
    },
    /** What keeps a company from being deleted: the campaigns, letters and dispatches that name it. */
    references(id: number): { campaigns: number; letters: number; dispatches: number } {
      const n = (table: string) =>
        (
          db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE company_id = ?`).get(id) as {
            n: number;
          }
        ).n;
      return {
        campaigns: n('campaign_companies'),
        letters: n('letter_companies'),
        dispatches: n('dispatches'),
      };
    },
  };
}
