import { type Static, Type } from 'typebox';
import { TEMPLATE_KINDS } from '../domain/vocabulary.js';

export const TemplateInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
    kind: Type.Enum(TEMPLATE_KINDS),
    body: Type.String({ maxLength: 100_000 }),
    subject: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    locale: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' })),
  },
  { additionalProperties: false },
);
export type TemplateInput = Static<typeof TemplateInputSchema>;

export const TemplateUpdateSchema = Type.Object(
  {
    body: Type.String({ maxLength: 100_000 }),
    subject: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const TemplatePreviewSchema = Type.Object(
  {
    body: Type.String({ maxLength: 100_000 }),
    subject: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    companyId: Type.Optional(Type.Integer({ minimum: 1 })),
    dispatchId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type TemplatePreviewInput = Static<typeof TemplatePreviewSchema>;
