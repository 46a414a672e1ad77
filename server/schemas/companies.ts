import { type Static, Type } from 'typebox';
import { CONTACT_FUNCTIONS } from '../domain/vocabulary.js';
import { CountryCodeSchema, DateSchema, EmailSchema, NameSchema } from './common.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

export const ContactInputSchema = Type.Object(
  {
    name: Nullable(Type.String({ maxLength: 200 })),
    function: Type.Enum(CONTACT_FUNCTIONS),
    email: EmailSchema,
  },
  { additionalProperties: false },
);

export const CompanyInputSchema = Type.Object(
  {
    name: NameSchema,
    country: CountryCodeSchema,
    sector: Nullable(Type.String({ maxLength: 100 })),
    ticker: Nullable(Type.String({ maxLength: 20 })),
    isin: Nullable(
      Type.String({ pattern: '^[A-Za-z]{2}[A-Za-z0-9]{9}[0-9]$', description: '12-character ISIN' }),
    ),
    website: Nullable(Type.String({ maxLength: 300, pattern: '^https?://\\S+$' })),
    jurisdiction: Nullable(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    lastAgmDate: Nullable(DateSchema),
    nextAgmDate: Nullable(DateSchema),
    lastProxyDate: Nullable(DateSchema),
    listed: Type.Optional(
      Type.Boolean({ description: 'shares admitted to a regulated market (AktG §122(2): 30 days, else 24)' }),
    ),
    contacts: Type.Optional(Type.Array(ContactInputSchema, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type CompanyInput = Static<typeof CompanyInputSchema>;

export const CompanyPatchSchema = Type.Partial(CompanyInputSchema, { additionalProperties: false });
export type CompanyPatch = Static<typeof CompanyPatchSchema>;

export const CompanyQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sector: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(CountryCodeSchema),
  archived: Type.Optional(Type.Boolean({ description: 'true: archived companies only' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});
