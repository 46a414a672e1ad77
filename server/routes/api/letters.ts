import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { roleAtLeast } from '../../lib/roles.js';
import { BODY_ERRORS, errors, IdParamsSchema, NoContentSchema, ok } from '../../schemas/common.js';
import { DispatchDetailSchema } from '../../schemas/dispatches.js';
import {
  FollowUpSchema,
  LetterPatchSchema,
  LetterPreviewSchema,
  LetterSchema,
  LetterVersionSchema,
  LetterWithLinksSchema,
  SendPlanSchema,
  SendSchema,
  SignatureInputSchema,
  SignatureSchema,
  SignOnSchema,
  UndoSendSchema,
} from '../../schemas/letters.js';
import { FOLLOW_UP_KINDS } from '../../services/follow-up-service.js';

const tags = ['letters'];

const SentSchema = Type.Object({
  letter: LetterSchema,
  skippedContacts: Type.Array(Type.String(), {
    description: 'contacts not emailed because their address is not valid ("Company: address")',
  }),
  dispatches: Type.Array(DispatchDetailSchema),
});

/** A transition of a letter's status by its id: each answers the letter, or 409 from the wrong status. */
const transition = (operationId: string, summary: string) => ({
  config: { access: 'coordinator' as const },
  schema: {
    tags,
    operationId,
    summary,
    params: IdParamsSchema,
    response: { 200: ok(LetterSchema, 'The letter'), ...errors(400, 401, 403, 404, 409) },
  },
});

const letters: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.letters;
  const signOn = app.services.signOn;

  app.get(
    '/letters/:id',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'getLetter',
        summary: 'Get a letter with its questions, signatories and (coordinators) sign-on links',
        params: IdParamsSchema,
        response: { 200: ok(LetterWithLinksSchema, 'The letter'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const letter = service.getForUser(request.params.id, request.user!);
      // The links sign for an organization: only coordinators see them all.
      const links = roleAtLeast(request.user!.role, 'coordinator') ? signOn.links(letter) : [];
      return { ...service.view(letter), signOnLinks: links };
    },
  );

  app.patch(
    '/letters/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'updateLetter',
        summary: 'Edit a draft letter (a new version is kept)',
        params: IdParamsSchema,
        body: LetterPatchSchema,
        response: { 200: ok(LetterSchema, 'The letter'), ...errors(...BODY_ERRORS, 401, 403, 404, 409) },
      },
    },
    async (request) => service.view(service.update(request.params.id, request.body, request.actor())),
  );

  app.get(
    '/letters/:id/versions',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'listLetterVersions',
        summary: 'The saved versions of a letter',
        params: IdParamsSchema,
        response: { 200: ok(Type.Array(LetterVersionSchema), 'Its versions'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      service.get(request.params.id);
      return app.services.letters.versions(request.params.id);
    },
  );

  app.get(
    '/letters/:id/preview',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'previewLetter',
        summary: 'The letter as one of its companies would receive it',
        params: IdParamsSchema,
        querystring: Type.Object({ companyId: Type.Integer({ minimum: 1 }) }),
        response: { 200: ok(LetterPreviewSchema, 'The rendered letter'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return service.preview(request.params.id, request.query.companyId);
    },
  );

  app.post(
    '/letters/:id/sign-on',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'openSignOn',
        summary: 'Open a draft letter for signatures until a closing time',
        params: IdParamsSchema,
        body: SignOnSchema,
        response: {
          200: ok(LetterWithLinksSchema, 'The letter with its sign-on links'),
          ...errors(...BODY_ERRORS, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const letter = signOn.open(request.params.id, request.body.closesAt, request.actor());
      return { ...service.view(letter), signOnLinks: signOn.links(letter) };
    },
  );

  app.post(
    '/letters/:id/signatures',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'signLetter',
        summary: 'Sign a letter for an organization (members: their own)',
        params: IdParamsSchema,
        body: SignatureInputSchema,
        response: {
          201: ok(SignatureSchema, 'The signature'),
          ...errors(...BODY_ERRORS, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      service.getForUser(request.params.id, user);
      const source = user.role === 'member' ? 'account' : 'staff';
      const signature = signOn.sign(request.params.id, request.body, {
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
        operationId: 'withdrawSignature',
        summary: 'Withdraw a signature before the letter is sent',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), signatureId: Type.Integer({ minimum: 1 }) }),
        response: { 204: NoContentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      service.getForUser(request.params.id, request.user!);
      signOn.withdrawSignature(request.params.id, request.params.signatureId, request.user!, request.actor());
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/letters/:id/close-sign-on',
    transition('closeSignOn', 'Close a letter for signatures now'),
    async (request) => service.view(signOn.close(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/approve',
    transition('approveLetter', 'Approve a letter: what goes out is frozen for each company'),
    async (request) => service.view(service.approve(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/reapprove',
    transition('reapproveLetter', 'Approve a letter again with the templates as they are now'),
    async (request) => service.view(service.reapprove(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/reopen',
    transition('reopenLetter', 'Take a letter in sign-on or approved back to draft'),
    async (request) => service.view(service.reopen(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/withdraw',
    transition('withdrawLetter', 'Withdraw a letter before it is sent'),
    async (request) => service.view(service.withdraw(request.params.id, request.actor())),
  );

  app.post(
    '/letters/:id/follow-up',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'draftFollowUp',
        summary: 'Draft a follow-up, reminder or escalation letter to a sent letter',
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
        response: {
          201: ok(FollowUpSchema, 'The new draft, and the companies left out'),
          ...errors(...BODY_ERRORS, 401, 403, 404, 409),
        },
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
      schema: {
        tags,
        operationId: 'planSend',
        summary: 'What sending a letter would do: due dates and emails per company',
        params: IdParamsSchema,
        querystring: SendSchema,
        response: { 200: ok(SendPlanSchema, 'The plan'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => app.services.sending.plan(request.params.id, request.query),
  );

  app.post(
    '/letters/:id/undo-send',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'undoSend',
        summary: 'Undo a send while its emails are still held in the outbox',
        params: IdParamsSchema,
        response: {
          200: ok(UndoSendSchema, 'The letter, approved again, and what was removed'),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
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
      schema: {
        tags,
        operationId: 'sendLetter',
        summary: 'Send an approved letter: one dispatch per company, emails queued in the outbox',
        params: IdParamsSchema,
        body: Type.Optional(SendSchema),
        response: {
          200: ok(SentSchema, 'The letter and its dispatches'),
          ...errors(...BODY_ERRORS, 401, 403, 404, 409),
        },
      },
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
