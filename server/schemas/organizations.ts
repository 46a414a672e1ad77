import { type Static, Type } from 'typebox';
import { ORGANIZATION_KINDS } from '../../db/schema.js';
import { CountryCodeSchema } from './common.js';

export const OrganizationInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Union(ORGANIZATION_KINDS.map((k) => Type.Literal(k))),
    country: CountryCodeSchema,
    aumUsd: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type OrganizationInput = Static<typeof OrganizationInputSchema>;

export const OrganizationPatchSchema = Type.Partial(OrganizationInputSchema, { additionalProperties: false });
export type OrganizationPatch = Static<typeof OrganizationPatchSchema>;

export const OrganizationSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  country: Type.String(),
  aumUsd: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
