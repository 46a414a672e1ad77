import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ANSWER_STATUSES, RESPONSE_KINDS } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { formatPercent } from '../../lib/numbers.js';
import { roleAtLeast } from '../../lib/roles.js';
import { IdParamsSchema } from '../../schemas/common.js';
import {
  type AnswerInput,
  AnswerInputSchema,
  type ResponseInput,
  ResponseInputSchema,
} from '../../schemas/dispatches.js';
import { type FormBody, FormBodySchema, field, flashOutcome, requireValid } from './forms.js';

const QUALITY_LABELS = [
  '0 · none',
  '1 · boilerplate',
  '2 · specific, no evidence',
  '3 · specific with evidence',
];

const dispatchPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.dispatches;

  app.get(
    '/dispatches/:id',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const user = request.user!;
      const dispatch = service.getForUser(request.params.id, user);
      const detail = service.detail(dispatch, { addresses: roleAtLeast(user.role, 'staff') });
      const letter = app.services.letters.get(dispatch.letterId);
      const asSent = app.services.letters.preview(letter.id, dispatch.companyId);
      return reply.page('dispatches/show', {
        title: `${detail.company.name}: ${asSent.subject}`,
        dispatch: detail,
        campaign: app.services.campaigns.get(dispatch.campaignId),
        asSent,
        coverage: formatPercent(detail.coverage.value),
        events: service.events(dispatch.id),
        canRecord: roleAtLeast(user.role, 'staff'),
        answerStatuses: ANSWER_STATUSES,
        responseKinds: RESPONSE_KINDS,
        qualities: QUALITY_LABELS.map((label, value) => ({ value, label })),
        today: service.today(),
        escalation: app.services.escalation.forDispatch(dispatch),
        canCoordinate: roleAtLeast(user.role, 'coordinator'),
      });
    },
  );

  const back = (id: number, anchor = '') => `/dispatches/${id}${anchor}`;

  app.post(
    '/dispatches/:id/escalation-level',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const dispatch = service.get(request.params.id);
      flashOutcome(request, () => {
        const level = field(request.body, 'level');
        if (!/^\d+$/.test(level))
          throw new AppError('level: choose a level of the ladder', 400, 'VALIDATION_FAILED');
        app.services.escalation.recordLevel(
          dispatch.campaignId,
          dispatch.companyId,
          Number(level),
          field(request.body, 'note'),
          request.actor(),
        );
        return 'Escalation level recorded.';
      });
      return reply.redirect(back(dispatch.id, '#escalation'));
    },
  );

  app.post(
    '/dispatches/:id/responses',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const input = {
        receivedAt: field(body, 'receivedAt'),
        kind: field(body, 'kind'),
        body: (body.body as string | undefined) ?? '',
        from: field(body, 'from') || null,
        promisedAt: field(body, 'promisedAt') || null,
      };
      flashOutcome(request, () => {
        service.recordResponse(
          request.params.id,
          requireValid<ResponseInput>(ResponseInputSchema, input),
          request.actor(),
        );
        return 'Response recorded.';
      });
      return reply.redirect(back(request.params.id, '#responses'));
    },
  );

  app.post(
    '/responses/:id/review',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const response = app.repos.dispatches.findResponse(request.params.id);
      if (!response) throw new AppError(`Response ${request.params.id} not found`, 404, 'NOT_FOUND');
      const kind = field(request.body, 'kind');
      flashOutcome(request, () => {
        if (!(RESPONSE_KINDS as readonly string[]).includes(kind)) {
          throw new AppError('kind: is not one of the allowed values', 400, 'VALIDATION_FAILED');
        }
        service.reviewResponse(
          response.id,
          { kind: kind as (typeof RESPONSE_KINDS)[number], reviewed: true },
          request.actor(),
        );
        return 'Response reviewed.';
      });
      return reply.redirect(back(response.dispatchId, '#responses'));
    },
  );

  app.post(
    '/dispatches/:id/answers/:questionId',
    {
      config: { access: 'staff' },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), questionId: Type.Integer({ minimum: 1 }) }),
        body: FormBodySchema,
      },
    },
    async (request, reply) => {
      const body = request.body as FormBody;
      const quality = field(body, 'quality');
      const input = {
        status: field(body, 'status'),
        quality: quality === '' ? null : Number(quality),
        note: field(body, 'note') || null,
        excerpt: field(body, 'excerpt') || null,
      };
      flashOutcome(request, () => {
        const answer = requireValid<AnswerInput>(AnswerInputSchema, input);
        service.assessAnswer(request.params.id, request.params.questionId, answer, request.actor());
        return 'Assessment saved.';
      });
      return reply.redirect(back(request.params.id, `#question-${request.params.questionId}`));
    },
  );
};

export default dispatchPages;
