import { type Static, Type } from 'typebox';
import { BOARD_SORTS } from '../../db/repositories/dispatches-repository.js';
import {
  ANSWER_STATUSES,
  DISPATCH_CHANNELS,
  DISPATCH_STATUSES,
  LETTER_KINDS,
  RESPONSE_KINDS,
} from '../domain/vocabulary.js';

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

const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

const LatenessProperties = {
  overdue: Type.Boolean(),
  veryOverdue: Type.Boolean(),
  publicLabel: Type.Enum(['Responded', 'Declined to respond', 'Did not respond', 'Awaiting response'], {
    description: 'what the public tracker shows',
  }),
};

export const DispatchBoardItemSchema = Type.Object({
  id: Type.Integer(),
  letterId: Type.Integer(),
  campaignId: Type.Integer(),
  companyId: Type.Integer(),
  companyName: Type.String(),
  companySector: NullableString,
  companyCountry: Type.String(),
  letterTitle: Type.String(),
  letterKind: Type.Enum(LETTER_KINDS),
  channel: Type.Enum(DISPATCH_CHANNELS),
  status: Type.Enum(DISPATCH_STATUSES),
  sentAt: Type.String(),
  dueAt: Type.String(),
  escalateAt: Type.String(),
  firstResponseAt: NullableString,
  ...LatenessProperties,
});

export const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  responseId: NullableInt,
  inboundMessageId: NullableInt,
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: Timestamp,
});

/** A response as stored: received from the company (by email or recorded by hand). */
export const ResponseSchema = Type.Object({
  id: Type.Integer(),
  dispatchId: Type.Integer(),
  receivedAt: Type.String(),
  kind: Type.Enum(RESPONSE_KINDS),
  fromAddress: NullableString,
  subject: NullableString,
  body: Type.String(),
  source: Type.Enum(['email', 'manual']),
  reviewed: Type.Boolean({ description: 'an emailed response counts once staff reviewed it' }),
  promisedAt: NullableString,
  inboundMessageId: NullableInt,
  recordedBy: NullableInt,
  createdAt: Timestamp,
});

/** A staff assessment of how a response answered one question. */
export const AnswerSchema = Type.Object({
  id: Type.Integer(),
  dispatchId: Type.Integer(),
  questionId: Type.Integer(),
  responseId: NullableInt,
  status: Type.Enum(ANSWER_STATUSES),
  quality: NullableInt,
  note: NullableString,
  excerpt: NullableString,
  assessedBy: NullableInt,
  createdAt: Timestamp,
});

const DeliveryFailureSchema = Type.Object({
  id: Type.Integer(),
  dispatchId: NullableInt,
  responseId: NullableInt,
  outboxId: NullableInt,
  contactId: NullableInt,
  recipient: NullableString,
  permanent: Type.Boolean(),
  statusCode: NullableString,
  diagnostic: NullableString,
  createdAt: Timestamp,
});

/** A letter as sent to one company, with its questions, responses and due dates. */
export const DispatchDetailSchema = Type.Object({
  id: Type.Integer(),
  letterId: Type.Integer(),
  campaignId: Type.Integer(),
  companyId: Type.Integer(),
  channel: Type.Enum(DISPATCH_CHANNELS),
  status: Type.Enum(DISPATCH_STATUSES),
  sentAt: Type.String(),
  dueAt: Type.String(),
  dueExplanation: Type.String(),
  dueRule: Type.Object({
    sentDate: Type.String(),
    responseDays: Type.Integer(),
    dayCount: Type.Enum(['calendar', 'working']),
    holidayCountry: NullableString,
    holidayRegion: Type.Optional(NullableString),
    timezone: Type.String(),
  }),
  originalDueAt: NullableString,
  secondDueAt: NullableString,
  escalateAt: Type.String(),
  firstResponseAt: NullableString,
  closedAt: NullableString,
  openQuestions: Type.Integer({
    minimum: 0,
    description: 'questions of the letter whose latest assessment for this company leaves them open',
  }),
  questionsAnswered: Type.Integer({
    minimum: 0,
    description: 'questions whose latest assessment is "answered"',
  }),
  questionsCommitted: Type.Integer({
    minimum: 0,
    description: 'questions whose latest assessment is "commitment"',
  }),
  questionsPartial: Type.Integer({
    minimum: 0,
    description: 'questions whose latest assessment is "partial"',
  }),
  questionsNotApplicable: Type.Integer({
    minimum: 0,
    description: 'questions whose latest assessment is "not applicable"',
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  ...LatenessProperties,
  replyAddress: Type.Optional(Type.String({ description: 'staff and above' })),
  bounceAddress: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'staff and above' })),
  deliveryFailures: Type.Optional(Type.Array(DeliveryFailureSchema, { description: 'staff and above' })),
  company: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    country: Type.String(),
    sector: NullableString,
  }),
  letter: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    kind: Type.Enum(LETTER_KINDS),
    campaignId: Type.Integer(),
  }),
  questions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.Integer(),
      text: Type.String(),
      originQuestionId: NullableInt,
      open: Type.Boolean(),
      answer: Type.Union([
        Type.Object({
          id: Type.Integer(),
          status: Type.Enum(ANSWER_STATUSES),
          quality: NullableInt,
          note: NullableString,
          excerpt: NullableString,
          responseId: NullableInt,
          assessedAt: Type.String(),
        }),
        Type.Null(),
      ]),
    }),
  ),
  coverage: Type.Object({
    value: Type.Union([Type.Number(), Type.Null()]),
    answered: Type.Integer(),
    partial: Type.Integer(),
    asked: Type.Integer(),
  }),
  responses: Type.Array(
    Type.Object({ ...ResponseSchema.properties, attachments: Type.Array(AttachmentSchema) }),
  ),
});

export const DispatchWithEscalationSchema = Type.Object({
  ...DispatchDetailSchema.properties,
  escalation: Type.Object({
    level: Type.Integer(),
    levelTitle: Type.String(),
    nextStep: Type.Object({
      level: Type.Integer(),
      title: Type.String(),
      reason: Type.String(),
      action: Type.Optional(
        Type.Object({ label: Type.String(), kind: Type.Enum(['follow_up', 'reminder', 'escalation']) }),
      ),
    }),
  }),
});

export const EventSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String({ description: 'e.g. dispatch.sent, response.received, answer.assessed' }),
  actorUserId: NullableInt,
  actorLabel: Type.String(),
  campaignId: NullableInt,
  letterId: NullableInt,
  dispatchId: NullableInt,
  companyId: NullableInt,
  organizationId: NullableInt,
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: 'what the event records; depends on its type',
  }),
  createdAt: Timestamp,
});
