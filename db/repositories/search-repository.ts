import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';

export interface SearchRow {
  type: 'company' | 'organization' | 'campaign' | 'letter' | 'response';
  /** What the result links to: the row itself, or for a response its dispatch. */
  id: number;
  /** What to show as the result's name. */
  title: string;
  /** The matched title as indexed (for a response, its subject). */
  matchedTitle: string;
  /** A stretch of the best-matching column, with each match between SNIPPET_START and SNIPPET_END. */
  snippet: string;
  campaignId: number | null;
  /** bm25 (titles weigh ten times the text): lower is better. */
  rank: number;
}

export const SNIPPET_START = '\u0002';
export const SNIPPET_END = '\u0003';

/**
 * An FTS5 query for what someone typed: every word must appear, each as a word or the start of
 * one. Punctuation separates words (so % and _ are no wildcards); quotes keep FTS5 syntax out.
 */
export function matchQuery(term: string): string | undefined {
  const words = term.match(/[\p{L}\p{N}]+/gu);
  return words?.map((word) => `"${word}"*`).join(' ');
}

export function createSearchRepository(db: Db) {
  return {
    /** The `limit` best matches over companies, organizations, campaigns, letters and responses. */
    find(term: string, limit: number): SearchRow[] {
      const match = matchQuery(term);
      if (!match) return [];
      return db.all<SearchRow>(sql`
        WITH hits AS (
          SELECT kind, ref_id, campaign_id, title,
            snippet(search_index, -1, ${SNIPPET_START}, ${SNIPPET_END}, '…', 24) AS snippet,
            bm25(search_index, 0, 0, 0, 10.0, 1.0) AS rank
          FROM search_index WHERE search_index MATCH ${match}
          ORDER BY rank LIMIT ${limit})
        SELECT h.kind AS type,
          CASE h.kind WHEN 'response' THEN r.dispatch_id ELSE h.ref_id END AS id,
          CASE h.kind WHEN 'response' THEN c.name || ': ' || r.kind || ' response' ELSE h.title END AS title,
          h.title AS matchedTitle, h.snippet AS snippet, h.campaign_id AS campaignId, h.rank AS rank
        FROM hits h
        LEFT JOIN responses r ON h.kind = 'response' AND r.id = h.ref_id
        LEFT JOIN dispatches d ON d.id = r.dispatch_id
        LEFT JOIN companies c ON c.id = d.company_id
        ORDER BY h.rank`);
    },
  };
}
