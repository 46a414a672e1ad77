import type { Repositories, UserRow } from '../../db/repositories/index.js';
import type { SearchRow } from '../../db/repositories/search-repository.js';
import { roleAtLeast } from '../lib/roles.js';
import type { CampaignsService } from './campaigns-service.js';

const PER_KIND = 50;
const RESULTS = 50;
const CONTEXT = 70;
const TYPE_ORDER: SearchRow['type'][] = ['company', 'campaign', 'letter', 'organization', 'response'];
const PATHS: Record<SearchRow['type'], string> = {
  company: '/companies',
  organization: '/organizations',
  campaign: '/campaigns',
  letter: '/letters',
  response: '/dispatches',
};

export interface SearchResult {
  type: SearchRow['type'];
  id: number;
  title: string;
  snippet: string;
  url: string;
  score: number;
}

/** How well a row matches: the title beats the body, and the start of the title beats the middle. */
function score(row: SearchRow, term: string): number {
  const title = row.title.toLowerCase();
  if (title === term) return 100;
  if (title.startsWith(term)) return 80;
  if (new RegExp(`(^|[^\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u').test(title))
    return 60;
  if (title.includes(term)) return 40;
  return 20;
}

/** The stretch of text around the first match, on one line. */
export function snippetOf(text: string, term: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const at = flat.toLowerCase().indexOf(term);
  if (at < 0) return flat.slice(0, CONTEXT * 2);
  const start = Math.max(0, at - CONTEXT);
  const end = Math.min(flat.length, at + term.length + CONTEXT);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
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
      const term = query.trim().toLowerCase();
      if (term.length < 2) return [];
      const staff = roleAtLeast(user.role, 'staff');
      const readable = new Map<number, boolean>();
      const canRead = (campaignId: number | null) => {
        if (staff || campaignId === null) return true;
        if (!readable.has(campaignId)) readable.set(campaignId, campaigns.canRead(user, campaignId));
        return readable.get(campaignId)!;
      };
      return repos.search
        .find(term, PER_KIND)
        .filter((row) => canRead(row.campaignId))
        .map((row) => ({
          type: row.type,
          id: row.id,
          title: row.title,
          snippet: snippetOf(row.text, term),
          url: `${PATHS[row.type]}/${row.id}`,
          score: score(row, term),
        }))
        .sort(
          (a, b) =>
            b.score - a.score ||
            TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
            a.title.localeCompare(b.title),
        )
        .slice(0, RESULTS);
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
