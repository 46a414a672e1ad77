import { type Static, Type } from 'typebox';
import { LETTER_KINDS, SIGNATORY_ROLES } from '../domain/vocabulary.js';

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
