import type { Repositories, UserRow } from '../../db/repositories/index.js';
import { type SearchRow, SNIPPET_END, SNIPPET_START } from '../../db/repositories/search-repository.js';
import { roleAtLeast } from '../lib/roles.js';
import type { CampaignsService } from './campaigns-service.js';

const CANDIDATES = 200;
const RESULTS = 50;
const PATHS: Record<SearchRow['type'], string> = {
  company: '/companies',
  organization: '/organizations',
  campaign: '/campaigns',
  letter: '/letters',
  response: '/dispatches',
};

export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchResult {
  type: SearchRow['type'];
  id: number;
  title: string;
  /** Plain text around the match. */
  snippet: string;
  /** The same text in parts, the matches marked, for a page to highlight without HTML. */
  snippetParts: SnippetPart[];
  url: string;
  score: number;
}

/** Lower case without accents, as the search index compares words ("Nestlé" → "nestle"). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * How well a title matches, before the full-text rank: the whole title beats its start, its
 * start beats a word inside it, and a name found only in the text comes last.
 */
function titleScore(row: SearchRow, term: string): number {
  if (row.type === 'response') return 20;
  const title = fold(row.matchedTitle);
  if (title === term) return 100;
  if (title.startsWith(term)) return 80;
  if (title.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(term))) return 60;
  return 20;
}

function partsOf(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of snippet.split(SNIPPET_START)) {
    const end = piece.indexOf(SNIPPET_END);
    if (end < 0) {
      if (piece) parts.push({ text: piece, match: false });
      continue;
    }
    parts.push({ text: piece.slice(0, end), match: true });
    if (end + 1 < piece.length) parts.push({ text: piece.slice(end + 1), match: false });
  }
  return parts.map((p) => ({ ...p, text: p.text.replace(/\s+/g, ' ') }));
}

export function createSearchService({
  repos,
  campaigns,
}: {
  repos: Repositories;
  campaigns: CampaignsService;
}) {
  return {
    /** Ranked matches a user may see: members see letters and responses of their campaigns only. */
    search(query: string, user: UserRow): SearchResult[] {
      const term = fold(query.trim());
      if (term.length < 2) return [];
      const staff = roleAtLeast(user.role, 'staff');
      const readable = new Map<number, boolean>();
      const canRead = (campaignId: number | null) => {
        if (staff || campaignId === null) return true;
        if (!readable.has(campaignId)) readable.set(campaignId, campaigns.canRead(user, campaignId));
        return readable.get(campaignId)!;
      };
      return repos.search
        .find(term, CANDIDATES)
        .filter((row) => canRead(row.campaignId))
        .map((row) => {
          const snippetParts = partsOf(row.snippet);
          return {
            row,
            result: {
              type: row.type,
              id: row.id,
              title: row.title,
              snippet: snippetParts.map((p) => p.text).join(''),
              snippetParts,
              url: `${PATHS[row.type]}/${row.id}`,
              score: titleScore(row, term),
            },
          };
        })
        .sort((a, b) => b.result.score - a.result.score || a.row.rank - b.row.rank)
        .slice(0, RESULTS)
        .map(({ result }) => result);
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
