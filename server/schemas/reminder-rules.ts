import { type Static, Type } from 'typebox';

export const ReminderRuleSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$', description: 'unique within the campaign' }),
    audience: Type.Union([Type.Literal('coordinator'), Type.Literal('member')]),
    anchor: Type.Union([
      Type.Literal('due'),
      Type.Literal('escalate'),
      Type.Literal('sign_on_closes'),
      Type.Literal('filing_deadline'),
    ]),
    offsetDays: Type.Integer({
      minimum: -120,
      maximum: 120,
      description: 'days after the anchor date (negative: before it)',
    }),
  },
  { additionalProperties: false },
);

export const ReminderRulesInputSchema = Type.Object(
  { rules: Type.Array(ReminderRuleSchema, { maxItems: 30 }) },
  { additionalProperties: false },
);
export type ReminderRulesInput = Static<typeof ReminderRulesInputSchema>;

export const ReminderRulesSchema = Type.Object({
  campaignId: Type.Integer(),
  isDefault: Type.Boolean(),
  rules: Type.Array(ReminderRuleSchema),
});
