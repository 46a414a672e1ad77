import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema } from '../../schemas/common.js';
import type { Actor } from '../../services/actor.js';
import { FormBodySchema, flashOutcome } from './forms.js';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

/**
 * POST `${base}/:id/archive` and `/unarchive` for a coordinator: the record leaves (or returns to)
 * lists and pickers and keeps its history; the person is sent back to its page.
 */
export function registerArchiveRoutes(
  app: App,
  base: string,
  setArchived: (id: number, archived: boolean, actor: Actor) => { name: string },
): void {
  for (const [path, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(
      `${base}/:id/${path}`,
      {
        config: { access: 'coordinator' },
        schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
      },
      async (request, reply) => {
        flashOutcome(request, () => {
          const row = setArchived(request.params.id, archived, request.actor());
          return archived
            ? `${row.name} archived: it is gone from lists and pickers; its history stays.`
            : `${row.name} is back in lists and pickers.`;
        });
        return reply.redirect(`${base}/${request.params.id}`);
      },
    );
  }
}
