export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageQuery {
  limit?: number;
  offset?: number;
}

export const DEFAULT_PAGE_SIZE = 50;

export function pageLinks(page: Page<unknown>, baseQuery: Record<string, string | undefined>) {
  const make = (offset: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(baseQuery)) if (value) params.set(key, value);
    if (offset > 0) params.set('offset', String(offset));
    const query = params.toString();
    return query ? `?${query}` : '?';
  };
  const hasPrevious = page.offset > 0;
  const hasNext = page.offset + page.items.length < page.total;
  return {
    from: page.total === 0 ? 0 : page.offset + 1,
    to: page.offset + page.items.length,
    total: page.total,
    previous: hasPrevious ? make(Math.max(0, page.offset - page.limit)) : undefined,
    next: hasNext ? make(page.offset + page.limit) : undefined,
  };
}

/** A query string of the non-empty values (for links, bookmarks and exports): "?a=1&b=x", or "". */
export function queryStringOf(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams(
    Object.entries(query)
      .filter((e) => e[1] !== undefined && e[1] !== '' && e[1] !== 0)
      .map(([k, v]) => [k, String(v)]),
  );
  const text = params.toString();
  return text ? `?${text}` : '';
}
