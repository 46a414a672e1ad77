import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';

export interface SearchRow {
  type: 'company' | 'organization' | 'campaign' | 'letter' | 'response';
  id: number;
  title: string;
  /** The text the match was found in, for the snippet. */
  text: string;
  campaignId: number | null;
}

/** Case-insensitive "contains", with % and _ in the term taken literally. */
function pattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createSearchRepository(db: Db) {
  return {
    /** Up to `limit` matches of each kind; ranking is the service's job. */
    find(term: string, limit: number): SearchRow[] {
      const like = pattern(term);
      return db.all<SearchRow>(sql`
        SELECT * FROM (
          SELECT 'company' AS type, id, name AS title,
            coalesce(name, '') || ' · ' || country || coalesce(' · ' || sector, '') || coalesce(' · ' || ticker, '') || coalesce(' · ' || isin, '') AS text,
            NULL AS campaignId
          FROM companies
          WHERE name LIKE ${like} ESCAPE '\\' OR ticker LIKE ${like} ESCAPE '\\' OR isin LIKE ${like} ESCAPE '\\' OR sector LIKE ${like} ESCAPE '\\'
          LIMIT ${limit})
        UNION ALL SELECT * FROM (
          SELECT 'organization', id, name, name || ' · ' || kind || ' · ' || country, NULL
          FROM organizations WHERE name LIKE ${like} ESCAPE '\\'
          LIMIT ${limit})
        UNION ALL SELECT * FROM (
          SELECT 'campaign', id, name, name || ' ' || description, id
          FROM campaigns WHERE name LIKE ${like} ESCAPE '\\' OR description LIKE ${like} ESCAPE '\\'
          LIMIT ${limit})
        UNION ALL SELECT * FROM (
          SELECT 'letter', l.id, l.title,
            l.title || ' ' || l.body || ' ' || coalesce((SELECT group_concat(q.text, ' ') FROM questions q WHERE q.letter_id = l.id), ''),
            l.campaign_id
          FROM letters l
          WHERE l.title LIKE ${like} ESCAPE '\\' OR l.body LIKE ${like} ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM questions q WHERE q.letter_id = l.id AND q.text LIKE ${like} ESCAPE '\\')
          LIMIT ${limit})
        UNION ALL SELECT * FROM (
          SELECT 'response', d.id, c.name || ': ' || r.kind || ' response', coalesce(r.subject || ' ', '') || r.body, d.campaign_id
          FROM responses r JOIN dispatches d ON d.id = r.dispatch_id JOIN companies c ON c.id = d.company_id
          WHERE r.body LIKE ${like} ESCAPE '\\' OR r.subject LIKE ${like} ESCAPE '\\'
          LIMIT ${limit})`);
    },
  };
}
