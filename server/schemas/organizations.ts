import { type Static, Type } from 'typebox';
import { ORGANIZATION_KINDS } from '../domain/vocabulary.js';
import { CountryCodeSchema, NameSchema, PageOf } from './common.js';

export const OrganizationInputSchema = Type.Object(
  {
    name: NameSchema,
    kind: Type.Enum(ORGANIZATION_KINDS),
    country: CountryCodeSchema,
    // One `type` list, not an anyOf: Ajv's type coercion turns null into 0 inside an anyOf.
    aumUsd: Type.Optional(Type.Unsafe<number | null>({ type: ['number', 'null'], minimum: 0 })),
  },
  { additionalProperties: false },
);
export type OrganizationInput = Static<typeof OrganizationInputSchema>;

export const OrganizationPatchSchema = Type.Partial(OrganizationInputSchema, { additionalProperties: false });
export type OrganizationPatch = Static<typeof OrganizationPatchSchema>;

export const OrganizationSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Enum(ORGANIZATION_KINDS),
  country: Type.String(),
  aumUsd: Type.Union([Type.Number(), Type.Null()]),
  archivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const OrganizationPageSchema = PageOf(OrganizationSchema);
