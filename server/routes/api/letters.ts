import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { roleAtLeast } from '../../lib/roles.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { LetterPatchSchema, SendSchema, SignatureInputSchema, SignOnSchema } from '../../schemas/letters.js';
import { FOLLOW_UP_KINDS } from '../../services/follow-up-service.js';

const tags = ['letters'];

const letters: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.letters;

  app.get(
    '/letters/:id',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      const letter = service.getForUser(request.params.id, request.user!);
      // The links sign for an organization: only coordinators see them all.
      const links = roleAtLeast(request.user!.role, 'coordinator') ? service.signOnLinks(letter) : [];
      return { ...service.view(letter), signOnLinks: links };
    },
  );

  app.patch(
    '/letters/:id',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema, body: LetterPatchSchema } },
    async (request) => service.view(service.update(request.params.id, request.body, request.actor())),
  );

  app.get(
    '/letters/:id/versions',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      service.get(request.params.id);
      return app.repos.letters.versions(request.params.id);
    },
  );

  app.get(
    '/letters/:id/preview',
    {
      config: { access: 'member' },
      schema: {
        tags,
        params: IdParamsSchema,
        querystring: Type.Object({ companyId: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return service.preview(request.params.id, request.query.companyId);
    },
  );

  app.post(
    '/letters/:id/sign-on',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema, body: SignOnSchema } },
    async (request) => {
      const letter = service.openSignOn(request.params.id, request.body.closesAt, request.actor());
      return { ...service.view(letter), signOnLinks: service.signOnLinks(letter) };
    },
  );

  app.post(
    '/letters/:id/signatures',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema, body: SignatureInputSchema } },
    async (request, reply) => {
      const user = request.user!;
      service.getForUser(request.params.id, user);
      const source = user.role === 'member' ? 'account' : 'staff';
      const signature = service.sign(request.params.id, request.body, {
        user,
        source,
        actor: request.actor(),
      });
      return reply.code(201).send(signature);
    },
  );

  app.delete(
    '/letters/:id/signatures/:signatureId',
    {
      config: { access: 'member' },
      schema: {
        tags,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), signatureId: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request, reply) => {
      service.getForUser(request.params.id, request.user!);
      service.withdrawSignature(
        request.params.id,
        request.params.signatureId,
        request.user!,
        request.actor(),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/letters/:id/close-sign-on',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request) => service.view(service.closeSignOn(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/approve',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request) => service.view(service.approve(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/reapprove',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request) => service.view(service.reapprove(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/reopen',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request) => service.view(service.reopen(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/withdraw',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request) => service.view(service.withdraw(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/follow-up',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        params: IdParamsSchema,
        body: Type.Optional(
          Type.Object(
            {
              companyIds: Type.Optional(
                Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10_000, uniqueItems: true }),
              ),
              templateId: Type.Optional(Type.Integer({ minimum: 1 })),
              responseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
              kind: Type.Optional(Type.Enum(FOLLOW_UP_KINDS)),
            },
            { additionalProperties: false },
          ),
        ),
      },
    },
    async (request, reply) => {
      const { letter, skippedCompanyIds } = app.services.followUps.draft(
        request.params.id,
        request.body ?? {},
        request.actor(),
      );
      return reply.code(201).send({ ...service.view(letter), skippedCompanyIds });
    },
  );

  app.get(
    '/letters/:id/send-plan',
    {
      config: { access: 'coordinator' },
      schema: { tags, params: IdParamsSchema, querystring: SendSchema },
    },
    async (request) => app.services.sending.plan(request.params.id, request.query),
  );

  app.post(
    '/letters/:id/undo-send',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      const undone = app.services.sending.undo(request.params.id, request.actor());
      return {
        letter: service.view(undone.letter),
        removedDispatches: undone.dispatches,
        removedMessages: undone.messages,
      };
    },
  );

  app.post(
    '/letters/:id/send',
    {
      config: { access: 'coordinator' },
      schema: { tags, params: IdParamsSchema, body: Type.Optional(SendSchema) },
    },
    async (request) => {
      const { dispatches, skippedContacts } = app.services.sending.send(
        request.params.id,
        request.body ?? {},
        request.actor(),
      );
      return {
        letter: service.view(service.get(request.params.id)),
        skippedContacts,
        dispatches: dispatches.map((d) => app.services.dispatches.detail(d, { addresses: true })),
      };
    },
  );
};

export default letters;
