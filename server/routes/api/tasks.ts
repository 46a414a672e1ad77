import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParamsSchema, ok } from '../../schemas/common.js';

export const TaskStatusSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    title: Type.String(),
    status: Type.Union(
      [Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('expired')],
      { description: '`expired`: done, and its file deleted after the retention period (build it again)' },
    ),
    done: Type.Integer({ minimum: 0 }),
    total: Type.Integer({ minimum: 0 }),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
    message: Type.Union([Type.String(), Type.Null()]),
    letterId: Type.Union([Type.Integer(), Type.Null()]),
    downloadUrl: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

/** The progress of long work a user started (the progress page polls it). */
const tasksApi: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tasks/:id',
    {
      config: { access: 'member' },
      schema: {
        tags: ['tasks'],
        operationId: 'getTask',
        summary: 'Get the progress of a background task you started (a zip export)',
        params: IdParamsSchema,
        response: { 200: ok(TaskStatusSchema, 'The task and its progress'), ...errors(400, 401, 404) },
      },
    },
    async (request) => app.services.tasks.status(request.params.id, request.user!),
  );
};

export default tasksApi;
