import { type Static, Type } from 'typebox';
import {
  DISPATCH_CHANNELS,
  LETTER_KINDS,
  LETTER_STATUSES,
  ORGANIZATION_KINDS,
  SIGNATORY_ROLES,
} from '../domain/vocabulary.js';

export const MAX_QUESTION_LENGTH = 2000;

export const QuestionTextSchema = Type.String({ minLength: 1, maxLength: MAX_QUESTION_LENGTH });
const QuestionSchema = Type.Union([
  QuestionTextSchema,
  Type.Object(
    { id: Type.Optional(Type.Integer({ minimum: 1 })), text: QuestionTextSchema },
    { additionalProperties: false },
  ),
]);

export const LetterInputSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    body: Type.String({ maxLength: 100_000 }),
    questions: Type.Array(QuestionSchema, { maxItems: 50 }),
    companyIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10_000, uniqueItems: true }),
    kind: Type.Optional(Type.Enum(LETTER_KINDS)),
    templateId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    signOnClosesAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    responseDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type LetterInput = Static<typeof LetterInputSchema>;

export const LetterPatchSchema = Type.Partial(Type.Omit(LetterInputSchema, ['kind']), {
  additionalProperties: false,
});
export type LetterPatch = Static<typeof LetterPatchSchema>;

export const SignOnSchema = Type.Object(
  { closesAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);

export const SignatureInputSchema = Type.Object(
  {
    organizationId: Type.Integer({ minimum: 1 }),
    signerName: Type.String({ minLength: 1, maxLength: 200 }),
    signerTitle: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    signatoryRole: Type.Optional(Type.Enum(SIGNATORY_ROLES)),
  },
  { additionalProperties: false },
);
export type SignatureInput = Static<typeof SignatureInputSchema>;

export const SendSchema = Type.Object(
  {
    sentAt: Type.Optional(Type.String({ format: 'date-time' })),
    channel: Type.Optional(
      Type.Union([Type.Literal('email'), Type.Literal('post'), Type.Literal('web_form')]),
    ),
  },
  { additionalProperties: false },
);
export type SendInput = Static<typeof SendSchema>;

const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A letter as stored. */
export const LetterRowSchema = Type.Object({
  id: Type.Integer(),
  campaignId: Type.Integer(),
  kind: Type.Enum(LETTER_KINDS),
  status: Type.Enum(LETTER_STATUSES),
  title: Type.String(),
  body: Type.String(),
  locale: Type.String(),
  parentLetterId: NullableInt,
  templateId: NullableInt,
  responseDays: NullableInt,
  signOnClosesAt: NullableString,
  approvedAt: NullableString,
  approvedBy: NullableInt,
  sentAt: NullableString,
  withdrawnAt: NullableString,
  createdBy: NullableInt,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const SignatorySchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  organizationKind: Type.Enum(ORGANIZATION_KINDS),
  aumUsd: Type.Union([Type.Number(), Type.Null()]),
  signerName: Type.String(),
  signerTitle: NullableString,
  signatoryRole: Type.Enum(SIGNATORY_ROLES),
  source: Type.Enum(['account', 'link', 'staff']),
  userId: NullableInt,
  createdAt: Type.String({ format: 'date-time' }),
});

/** A letter with its questions, target companies and signatories. */
export const LetterSchema = Type.Object({
  ...LetterRowSchema.properties,
  questions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.Integer(),
      text: Type.String(),
      originQuestionId: NullableInt,
    }),
  ),
  companyIds: Type.Array(Type.Integer()),
  signatories: Type.Array(SignatorySchema),
  aumTotalUsd: Type.Number({ description: 'assets under management of the signatories, in USD' }),
});

export const SignOnLinkSchema = Type.Object({
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  url: Type.String(),
  signed: Type.Boolean(),
});

export const LetterWithLinksSchema = Type.Object({
  ...LetterSchema.properties,
  signOnLinks: Type.Array(SignOnLinkSchema, { description: 'empty below coordinator' }),
});

export const FollowUpSchema = Type.Object({
  ...LetterSchema.properties,
  skippedCompanyIds: Type.Array(Type.Integer(), {
    description: 'companies asked for that have no open question left, so are left out',
  }),
});

export const SignatureSchema = Type.Object({
  id: Type.Integer(),
  letterId: Type.Integer(),
  organizationId: Type.Integer(),
  signerName: Type.String(),
  signerTitle: NullableString,
  signatoryRole: Type.Enum(SIGNATORY_ROLES),
  userId: NullableInt,
  source: Type.Enum(['account', 'link', 'staff']),
  withdrawnAt: NullableString,
  createdAt: Type.String({ format: 'date-time' }),
});

export const LetterVersionSchema = Type.Object({
  id: Type.Integer(),
  letterId: Type.Integer(),
  version: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  questions: Type.Array(Type.String()),
  createdBy: NullableInt,
  createdAt: Type.String({ format: 'date-time' }),
});

export const LetterPreviewSchema = Type.Object({
  subject: Type.String(),
  markdown: Type.String(),
  text: Type.String(),
  html: Type.String(),
});

export const SendPlanSchema = Type.Object({
  channel: Type.Enum(DISPATCH_CHANNELS),
  sentAt: Type.String(),
  companies: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      dueAt: Type.String(),
      dueExplanation: Type.String(),
      messages: Type.Integer(),
      skippedContacts: Type.Integer(),
    }),
  ),
  messages: Type.Integer({ description: 'emails that would be queued' }),
  holdMinutes: Type.Integer({ description: 'minutes the emails wait in the outbox (undo window)' }),
});

export const UndoSendSchema = Type.Object({
  letter: LetterSchema,
  removedDispatches: Type.Integer(),
  removedMessages: Type.Integer(),
});
