import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OUTBOX_STATUSES } from '../../domain/vocabulary.js';
import { labelOf } from '../../lib/labels.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { OutboxStatusSchema } from '../api/outbox.js';

const outboxPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.outboxMessages;

  app.get(
    '/outbox',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, querystring: Type.Object({ status: Type.Optional(OutboxStatusSchema) }) },
    },
    async (request, reply) => {
      const { status } = request.query;
      const counts = service.counts();
      return reply.page('outbox/list', {
        title: 'Outbox',
        status,
        filters: [
          { label: 'All', href: '/outbox', active: !status },
          ...OUTBOX_STATUSES.map((s) => ({
            label: `${labelOf('outboxStatus', s)} (${counts[s] ?? 0})`,
            href: `/outbox?status=${s}`,
            active: status === s,
          })),
        ],
        messages: service.list(status, 200),
      });
    },
  );

  app.get(
    '/outbox/:id',
    { config: { access: 'coordinator' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const message = service.get(request.params.id);
      return reply.page('outbox/show', {
        title: message.subject,
        message,
        headers: Object.entries(message.headers).map(([name, value]) => ({ name, value })),
        canResend: message.status === 'failed',
      });
    },
  );

  app.post(
    '/outbox/:id/resend',
    { config: { access: 'coordinator' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const message = service.resend(request.params.id, request.actor());
      request.flash('success', `Queued again for ${message.toAddress}, with the same Message-ID.`);
      return reply.redirect(`/outbox/${message.id}`);
    },
  );
};

export default outboxPages;
