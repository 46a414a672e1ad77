import { type Static, Type } from 'typebox';
import { BOARD_SORTS } from '../../db/repositories/dispatches-repository.js';
import { ANSWER_STATUSES, DISPATCH_STATUSES, RESPONSE_KINDS } from '../domain/vocabulary.js';

const DateOrDateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  description: 'YYYY-MM-DD or an ISO 8601 instant',
});

export const AnswerInputSchema = Type.Object(
  {
    status: Type.Enum(ANSWER_STATUSES),
    quality: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 3 }), Type.Null()])),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
    excerpt: Type.Optional(Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type AnswerInput = Static<typeof AnswerInputSchema>;

export const ResponseInputSchema = Type.Object(
  {
    receivedAt: DateOrDateTime,
    kind: Type.Enum(RESPONSE_KINDS),
    body: Type.String({ maxLength: 500_000 }),
    from: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    subject: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    promisedAt: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
    answers: Type.Optional(
      Type.Array(
        Type.Object(
          { questionId: Type.Integer({ minimum: 1 }), ...AnswerInputSchema.properties },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ResponseInput = Static<typeof ResponseInputSchema>;

export const DispatchQuerySchema = Type.Object({
  campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
  letterId: Type.Optional(Type.Integer({ minimum: 1 })),
  companyId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Enum(DISPATCH_STATUSES)),
  overdue: Type.Optional(Type.Boolean()),
  veryOverdue: Type.Optional(Type.Boolean()),
  sector: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(Type.Enum(BOARD_SORTS)),
  direction: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});
export type DispatchQuery = Static<typeof DispatchQuerySchema>;
