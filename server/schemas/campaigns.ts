import { type Static, Type } from 'typebox';
import { DAY_COUNTS } from '../domain/vocabulary.js';
import { CountryCodeSchema } from './common.js';

const IdList = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10_000, uniqueItems: true });

export const CampaignInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    responseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    dayCount: Type.Optional(Type.Enum(DAY_COUNTS)),
    holidayCountry: Type.Optional(Type.Union([CountryCodeSchema, Type.Null()])),
    holidayRegion: Type.Optional(
      Type.Union([
        Type.String({
          pattern: '^[A-Za-z0-9]{1,10}$',
          description:
            'region of the holiday calendar: GB ENG/SCT/NIR, a German state (BY), a Swiss canton (ZH), a US state (CA)',
        }),
        Type.Null(),
      ]),
    ),
    public: Type.Optional(Type.Boolean()),
    organizationIds: Type.Optional(IdList),
    companyIds: Type.Optional(IdList),
  },
  { additionalProperties: false },
);
export type CampaignInput = Static<typeof CampaignInputSchema>;

export const CampaignPatchSchema = Type.Partial(CampaignInputSchema, { additionalProperties: false });
export type CampaignPatch = Static<typeof CampaignPatchSchema>;
