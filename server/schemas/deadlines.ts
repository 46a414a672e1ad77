import { type Static, Type } from 'typebox';
import { DEADLINE_KINDS } from '../domain/deadline-kinds.js';
import { FILING_KINDS } from '../lib/filing-rules.js';
import { DateSchema, NameSchema } from './common.js';

export const DeadlineQuerySchema = Type.Object(
  {
    from: Type.Optional(DateSchema),
    to: Type.Optional(DateSchema),
    campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
    companyId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type DeadlineQueryInput = Static<typeof DeadlineQuerySchema>;

export const CustomDeadlineInputSchema = Type.Object(
  {
    kind: Type.Literal('custom'),
    date: DateSchema,
    title: NameSchema,
    explanation: Type.Optional(Type.String({ maxLength: 2000 })),
    campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
    companyId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type CustomDeadlineInput = Static<typeof CustomDeadlineInputSchema>;

export const OverrideInputSchema = Type.Object(
  {
    date: DateSchema,
    source: Type.String({
      minLength: 1,
      maxLength: 300,
      pattern: '\\S',
      description: 'Where the date comes from, e.g. "2026 proxy statement, p. 87"',
    }),
  },
  { additionalProperties: false },
);
export type OverrideInput = Static<typeof OverrideInputSchema>;

export const OverrideParamsSchema = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  kind: Type.Enum(FILING_KINDS, { description: 'a computed company filing deadline' }),
});

export const DeadlineSchema = Type.Object({
  kind: Type.Enum(DEADLINE_KINDS),
  date: Type.String({
    description:
      'YYYY-MM-DD. A stored input that is not a real calendar date (from an older version) is passed through as stored, and the explanation says "(not a valid date)".',
  }),
  title: Type.String(),
  explanation: Type.String(),
  campaignId: Type.Optional(Type.Integer()),
  companyId: Type.Optional(Type.Integer()),
  dispatchId: Type.Optional(Type.Integer()),
  letterId: Type.Optional(Type.Integer()),
  source: Type.Enum(['computed', 'manual', 'company']),
  overrideSource: Type.Optional(Type.String()),
  id: Type.Optional(Type.Integer({ description: 'the stored row of a custom deadline or an override' })),
  needsDisclosedDate: Type.Optional(Type.Boolean()),
  at: Type.Optional(
    Type.String({ format: 'date-time', description: 'the instant, for a deadline with a time of day' }),
  ),
  url: Type.String({ description: 'the page of what the deadline belongs to' }),
});
