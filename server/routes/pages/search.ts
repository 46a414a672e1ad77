import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

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
        results,
      });
    },
  );
};

export default searchPages;
