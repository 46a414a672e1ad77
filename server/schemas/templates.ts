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

const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const TemplateSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Enum(TEMPLATE_KINDS),
  locale: Type.String(),
  subject: NullableString,
  body: Type.String(),
  version: Type.Integer(),
  builtinKey: Type.Union([Type.String(), Type.Null()], {
    description: 'set on the built-in email templates, e.g. emails/invitation.html',
  }),
  createdBy: NullableInt,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const TemplateVersionSchema = Type.Object({
  id: Type.Integer(),
  templateId: Type.Integer(),
  version: Type.Integer(),
  subject: NullableString,
  body: Type.String(),
  createdBy: NullableInt,
  createdAt: Type.String({ format: 'date-time' }),
});

export const TemplateWithVersionsSchema = Type.Object({
  ...TemplateSchema.properties,
  versions: Type.Array(
    Type.Object({
      ...Type.Omit(TemplateVersionSchema, ['body']).properties,
      authorName: Type.Union([Type.String(), Type.Null()]),
    }),
    { description: 'every saved version, without its body' },
  ),
});

export const TemplateDiffSchema = Type.Array(
  Type.Object({
    kind: Type.Enum(['same', 'added', 'removed']),
    text: Type.String(),
  }),
);

export const TemplatePreviewResultSchema = Type.Object({
  subject: Type.Optional(Type.String()),
  markdown: Type.Optional(Type.String({ description: 'letter templates' })),
  text: Type.Optional(Type.String()),
  html: Type.Optional(Type.String()),
  contextLabel: Type.String({ description: 'which company or dispatch the preview was filled in with' }),
});
