import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** Splits a snippet around the search term, so the view can mark it without unescaped HTML. */
function highlight(snippet: string, term: string) {
  const at = snippet.toLowerCase().indexOf(term.toLowerCase());
  if (!term || at < 0) return { before: snippet, match: '', after: '' };
  return {
    before: snippet.slice(0, at),
    match: snippet.slice(at, at + term.length),
    after: snippet.slice(at + term.length),
  };
}

const searchPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      config: { access: 'member' },
      schema: { hide: true, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }) },
    },
    async (request, reply) => {
      const q = request.query.q?.trim() ?? '';
      const results = q ? app.services.search.search(q, request.user!) : [];
      return reply.page('search/index', {
        title: q ? `Search: ${q}` : 'Search',
        q,
        tooShort: q.length === 1,
        results: results.map((r) => ({ ...r, parts: highlight(r.snippet, q) })),
      });
    },
  );
};

export default searchPages;
