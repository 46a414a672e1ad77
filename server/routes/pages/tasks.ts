import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema } from '../../schemas/common.js';
import { attachment, CONTENT_TYPES } from '../../services/exports/index.js';
import { FormBodySchema } from './forms.js';

/** Long work shown as it goes: started by a form, followed on a progress page, its result downloaded. */
const taskPages: FastifyPluginAsyncTypebox = async (app) => {
  const tasks = app.services.tasks;

  app.post(
    '/letters/:id/export',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const task = tasks.startLetterZip(request.params.id, request.user!);
      return reply.redirect(`/tasks/${task.id}`);
    },
  );

  app.get(
    '/tasks/:id',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const task = tasks.status(request.params.id, request.user!);
      return reply.page('tasks/show', {
        title: task.title,
        task,
        running: task.status === 'running',
        expired: task.status === 'expired',
        // An expired zip (its file deleted after the retention period) can be built again.
        rebuild: task.status === 'expired' && task.kind === 'letter-zip' && task.letterId !== null,
        // Without JavaScript the page reloads itself (its own address) until the work is done.
        refreshSeconds: task.status === 'running' ? 2 : undefined,
      });
    },
  );

  app.get(
    '/tasks/:id/download',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const file = tasks.download(request.params.id, request.user!);
      return reply
        .header('content-type', CONTENT_TYPES.zip)
        .header('content-disposition', attachment(file.filename))
        .send(file.body);
    },
  );
};

export default taskPages;
