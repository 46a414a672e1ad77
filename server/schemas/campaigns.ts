import { type Static, Type } from 'typebox';
import { DAY_COUNTS, DISPATCH_STATUSES } from '../domain/vocabulary.js';
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

export const EscalationStepSchema = Type.Object({
  level: Type.Integer(),
  title: Type.String(),
  offsetDays: Type.Optional(Type.Integer({ description: 'days after the response due date' })),
});

const StoredReminderRuleSchema = Type.Object({
  key: Type.String(),
  audience: Type.Enum(['coordinator', 'member']),
  anchor: Type.Enum(['due', 'escalate', 'sign_on_closes', 'filing_deadline']),
  offsetDays: Type.Integer(),
});

const statusCounts = Object.fromEntries(
  DISPATCH_STATUSES.map((status) => [status, Type.Optional(Type.Integer())]),
) as Record<
  (typeof DISPATCH_STATUSES)[number],
  ReturnType<typeof Type.Optional<ReturnType<typeof Type.Integer>>>
>;

/** A campaign with the counts of its dispatches (by status, overdue, very overdue). */
export const CampaignSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  responseDays: Type.Integer(),
  dayCount: Type.Enum(DAY_COUNTS),
  holidayCountry: Type.Union([Type.String(), Type.Null()]),
  holidayRegion: Type.Union([Type.String(), Type.Null()]),
  holdingResponseDays: Type.Integer(),
  escalationDays: Type.Integer(),
  escalationLadder: Type.Union([Type.Array(EscalationStepSchema), Type.Null()]),
  reminderRules: Type.Union([Type.Array(StoredReminderRuleSchema), Type.Null()], {
    description: 'null: the default rules',
  }),
  public: Type.Boolean(),
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  counts: Type.Object({
    total: Type.Integer(),
    overdue: Type.Integer(),
    veryOverdue: Type.Integer(),
    ...statusCounts,
  }),
});

export const CampaignDetailSchema = Type.Object({
  ...CampaignSchema.properties,
  organizationIds: Type.Array(Type.Integer()),
  companyIds: Type.Array(Type.Integer()),
});

const RateSchema = Type.Object({
  value: Type.Union([Type.Number(), Type.Null()]),
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  interval: Type.Union([Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }), Type.Null()], {
    description: '95% Wilson interval',
  }),
  small: Type.Boolean({ description: 'too few dispatches to read much into' }),
});

const CoverageSchema = Type.Object({
  value: Type.Union([Type.Number(), Type.Null()]),
  answered: Type.Integer(),
  partial: Type.Integer(),
  asked: Type.Integer(),
});

const MetricsProperties = {
  dispatches: Type.Integer(),
  bounced: Type.Integer(),
  invalidDates: Type.Integer(),
  invalidDispatchIds: Type.Array(Type.Integer()),
  responseRate: RateSchema,
  substantiveRate: RateSchema,
  declineRate: RateSchema,
  timelyRate: RateSchema,
  medianDaysToFirstResponse: Type.Union([Type.Number(), Type.Null()]),
  medianDaysToSubstantiveResponse: Type.Union([Type.Number(), Type.Null()]),
  coverage: CoverageSchema,
};

export const CampaignStatsSchema = Type.Object({
  campaignId: Type.Integer(),
  ...MetricsProperties,
  byLetter: Type.Array(Type.Object({ letterId: Type.Integer(), name: Type.String(), ...MetricsProperties })),
  bySector: Type.Array(Type.Object({ name: Type.String(), ...MetricsProperties })),
  byCountry: Type.Array(Type.Object({ name: Type.String(), ...MetricsProperties })),
  /** Days from sending to the first response, in buckets (bounced letters left out). */
  timeToFirstResponse: Type.Array(
    Type.Object({
      label: Type.String(),
      from: Type.Integer(),
      to: Type.Union([Type.Integer(), Type.Null()]),
      count: Type.Integer(),
    }),
  ),
});
