import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const search: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      config: { access: 'member' },
      schema: {
        tags: ['search'],
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (request) =>
      app.services.search
        .search(request.query.q, request.user!)
        .map(({ type, id, title, snippet }) => ({ type, id, title, snippet })),
  );
};

export default search;
