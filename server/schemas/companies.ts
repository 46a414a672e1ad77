import { type Static, Type } from 'typebox';
import { CONTACT_FUNCTIONS } from '../domain/vocabulary.js';
import { CountryCodeSchema, DateSchema, EmailSchema, NameSchema, PageOf } from './common.js';
import { DeadlineSchema } from './deadlines.js';

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

export const ContactDeliveryFailureSchema = Type.Object(
  {
    statusCode: Type.Union([Type.String(), Type.Null()], { description: 'the SMTP status, e.g. 5.1.1' }),
    diagnostic: Type.Union([Type.String(), Type.Null()]),
    reportedAt: Type.String(),
    dispatchId: Type.Union([Type.Integer(), Type.Null()]),
  },
  { description: 'the last permanent delivery failure to this address' },
);

export const ContactSchema = Type.Object({
  id: Type.Integer(),
  name: Type.Union([Type.String(), Type.Null()]),
  function: Type.Enum(CONTACT_FUNCTIONS),
  email: Type.String(),
  deliveryFailure: Type.Union([ContactDeliveryFailureSchema, Type.Null()], {
    description: 'always null in lists',
  }),
});

export const CompanySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  country: Type.String(),
  sector: Type.Union([Type.String(), Type.Null()]),
  ticker: Type.Union([Type.String(), Type.Null()]),
  isin: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  jurisdiction: Type.Union([Type.String(), Type.Null()]),
  lastAgmDate: Type.Union([Type.String(), Type.Null()]),
  nextAgmDate: Type.Union([Type.String(), Type.Null()]),
  lastProxyDate: Type.Union([Type.String(), Type.Null()]),
  listed: Type.Boolean(),
  archivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  contacts: Type.Array(ContactSchema),
  deadlines: Type.Array(DeadlineSchema, { description: 'from today on, as far as you may see them' }),
});

export const CompanyPageSchema = PageOf(CompanySchema);
