import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, ok } from '../../schemas/common.js';

const search: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      config: { access: 'member' },
      schema: {
        tags: ['search'],
        operationId: 'search',
        summary: 'Search companies, campaigns, letters, organizations and responses',
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: {
          200: ok(
            Type.Array(
              Type.Object({
                type: Type.Enum(['company', 'campaign', 'letter', 'organization', 'response']),
                id: Type.Integer(),
                title: Type.String(),
                snippet: Type.String({ description: 'plain text around the match' }),
              }),
            ),
            'The best matches you may see',
          ),
          ...errors(400, 401),
        },
      },
    },
    async (request) =>
      app.services.search
        .search(request.query.q, request.user!)
        .map(({ type, id, title, snippet }) => ({ type, id, title, snippet })),
  );
};

export default search;
