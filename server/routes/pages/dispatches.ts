import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ANSWER_STATUSES, RESPONSE_KINDS } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { labelOf, optionsOf } from '../../lib/labels.js';
import { formatPercent } from '../../lib/numbers.js';
import { roleAtLeast } from '../../lib/roles.js';
import { type FieldErrors, validateInput } from '../../lib/validate.js';
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

  type AssessValues = { status: string; quality: string; note: string; excerpt: string };
  interface RecordForm {
    values: {
      mode: string;
      receivedAt: string;
      kind: string;
      from: string;
      promisedAt: string;
      body: string;
      answers: Record<string, AssessValues>;
    };
    errors: FieldErrors;
  }

  /** The dispatch page; `form` is the record-and-assess form as the person sent it, after an error. */
  function pageData(request: FastifyRequest, id: number, form?: RecordForm) {
    const user = request.user!;
    const dispatch = service.getForUser(id, user);
    const detail = service.detail(dispatch, { addresses: roleAtLeast(user.role, 'staff') });
    const letter = app.services.letters.get(dispatch.letterId);
    const asSent = app.services.letters.preview(letter.id, dispatch.companyId);
    const today = service.today();
    const values = form?.values ?? {
      mode: 'response',
      receivedAt: today,
      kind: 'substantive',
      from: '',
      promisedAt: '',
      body: '',
      answers: {},
    };
    const errors = form?.errors ?? {};
    return {
      title: `${detail.company.name}: ${asSent.subject}`,
      dispatch: detail,
      campaign: app.services.campaigns.get(dispatch.campaignId),
      asSent,
      coverage: formatPercent(detail.coverage.value),
      events: service.events(dispatch.id),
      canRecord: roleAtLeast(user.role, 'staff'),
      responseKinds: optionsOf('responseKind', RESPONSE_KINDS),
      today,
      escalation: app.services.escalation.forDispatch(dispatch),
      canCoordinate: roleAtLeast(user.role, 'coordinator'),
      values,
      errors,
      assessRows: detail.questions.map((q) => {
        const typed = values.answers[String(q.id)];
        const chosen: AssessValues = typed ?? {
          status: q.answer?.status ?? '',
          quality:
            q.answer?.quality === null || q.answer?.quality === undefined ? '' : String(q.answer.quality),
          note: q.answer?.note ?? '',
          excerpt: q.answer?.excerpt ?? '',
        };
        return {
          ...q,
          form: chosen,
          statuses: ANSWER_STATUSES.map((value) => ({
            value,
            label: labelOf('answerStatus', value),
            selected: value === chosen.status,
          })),
          qualities: QUALITY_LABELS.map((label, value) => ({
            value,
            label,
            selected: String(value) === chosen.quality,
          })),
          statusError: errors[`q${q.id}.status`],
          qualityError: errors[`q${q.id}.quality`],
          noteError: errors[`q${q.id}.note`],
          excerptError: errors[`q${q.id}.excerpt`],
        };
      }),
    };
  }

  app.get(
    '/dispatches/:id',
    { config: { access: 'member', pageCache: true }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => reply.page('dispatches/show', pageData(request, request.params.id)),
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

  // One form, one action: a new response (or none) and the assessment of every question. Any
  // error re-renders the page with everything the person typed, and nothing is saved.
  app.post(
    '/dispatches/:id/responses',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const values: RecordForm['values'] = {
        mode: field(body, 'mode') || 'response',
        receivedAt: field(body, 'receivedAt'),
        kind: field(body, 'kind'),
        from: field(body, 'from'),
        promisedAt: field(body, 'promisedAt'),
        body: typeof body.body === 'string' ? body.body : '',
        answers: {},
      };
      for (const key of Object.keys(body)) {
        const match = /^q(\d+)\.status$/.exec(key);
        if (!match) continue;
        const id = match[1]!;
        values.answers[id] = {
          status: field(body, `q${id}.status`),
          quality: field(body, `q${id}.quality`),
          note: field(body, `q${id}.note`),
          excerpt:
            typeof body[`q${id}.excerpt`] === 'string' ? (body[`q${id}.excerpt`] as string).trim() : '',
        };
      }
      const errors: FieldErrors = {};
      const answers: (AnswerInput & { questionId: number })[] = [];
      for (const [id, typed] of Object.entries(values.answers)) {
        if (typed.status === '') {
          if (typed.quality || typed.note || typed.excerpt)
            errors[`q${id}.status`] =
              'Choose an assessment for this question, or clear its quality, note and excerpt';
          continue;
        }
        const result = validateInput<AnswerInput>(AnswerInputSchema, {
          status: typed.status,
          quality: typed.quality === '' ? null : Number(typed.quality),
          note: typed.note || null,
          excerpt: typed.excerpt || null,
        });
        if ('errors' in result) {
          for (const [name, message] of Object.entries(result.errors)) errors[`q${id}.${name}`] = message;
        } else answers.push({ questionId: Number(id), ...result.value });
      }
      let response: ResponseInput | null = null;
      if (values.mode === 'response') {
        const result = validateInput<ResponseInput>(ResponseInputSchema, {
          receivedAt: values.receivedAt,
          kind: values.kind,
          body: values.body,
          from: values.from || null,
          promisedAt: values.promisedAt || null,
        });
        if ('errors' in result) Object.assign(errors, result.errors);
        else response = result.value;
      } else if (values.body.trim()) {
        errors.body = 'Choose “A new response” above to keep the text you pasted, or clear it';
      }
      const again = () =>
        reply.formErrors('dispatches/show', pageData(request, request.params.id, { values, errors }));
      if (Object.keys(errors).length) return again();
      try {
        const saved = service.recordAndAssess(request.params.id, { response, answers }, request.actor());
        const assessed =
          saved.assessed === 1 ? '1 question assessed' : `${saved.assessed} questions assessed`;
        request.flash('success', saved.response ? `Response recorded, ${assessed}.` : `Saved: ${assessed}.`);
        return reply.redirect(back(request.params.id, saved.response ? '#responses' : '#answers'));
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500 || !error.field) throw error;
        errors[error.field] = error.fieldMessage;
        return again();
      }
    },
  );

  app.post(
    '/responses/:id/review',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const response = service.getResponse(request.params.id);
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
