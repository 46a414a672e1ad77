import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, ValidationError } from '../../errors.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { snippetOf } from '../../services/inbound-mail-service.js';
import { type FormBody, FormBodySchema, field } from './forms.js';

const inboxPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.inbound;

  app.get('/inbox', { config: { access: 'staff' }, schema: { hide: true } }, async (_request, reply) =>
    reply.page('inbox/list', {
      title: 'Inbox',
      messages: service.listInbox(200).map((m) => ({ ...m, snippet: snippetOf(m.text) })),
    }),
  );

  app.get(
    '/inbox/:id',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const { message, attachments } = service.get(request.params.id);
      const recent = app.services.dispatches.board({
        limit: 100,
        offset: 0,
        sort: 'sent',
        direction: 'desc',
      });
      const proposed = message.proposedDispatchId
        ? app.services.dispatches.detail(app.services.dispatches.get(message.proposedDispatchId))
        : undefined;
      return reply.page('inbox/show', {
        title: message.subject || '(no subject)',
        message,
        attachments,
        hasHtml: Boolean(message.html),
        dispatches: recent.items.filter((d) => d.id !== proposed?.id),
        proposed,
      });
    },
  );

  app.post(
    '/inbox/:id/discard',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      try {
        service.discard(request.params.id, request.actor());
        request.flash('success', 'Message discarded.');
        return reply.redirect('/inbox');
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        request.flash('error', error.message);
        return reply.redirect(`/inbox/${request.params.id}`);
      }
    },
  );

  app.post(
    '/inbox/:id/assign',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const typed = field(body, 'otherDispatchId').trim();
      const raw = typed || field(body, 'dispatchId');
      try {
        const dispatchId = Number(raw);
        if (!/^\d+$/.test(raw) || dispatchId < 1) {
          throw new ValidationError('dispatchId', 'choose a dispatch or type its number');
        }
        service.assign(request.params.id, dispatchId, request.actor());
        request.flash('success', `Filed as a response on dispatch ${dispatchId}; review its kind there.`);
        return reply.redirect(`/dispatches/${dispatchId}#responses`);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        request.flash('error', error.message);
        return reply.redirect(`/inbox/${request.params.id}`);
      }
    },
  );
};

export default inboxPages;
