import { type Static, Type } from 'typebox';

/** The notification choices a person makes for themself (PATCH /api/me/preferences, /settings). */
export const NotificationPreferencesSchema = Type.Object(
  {
    digest: Type.Union([Type.Literal('off'), Type.Literal('daily'), Type.Literal('weekly')]),
    remindersDaysBefore: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 90 }), { maxItems: 10, uniqueItems: true }),
    ),
    reviewAlerts: Type.Optional(Type.Union([Type.Literal('each'), Type.Literal('off')])),
  },
  { additionalProperties: false },
);
export type NotificationPreferences = Static<typeof NotificationPreferencesSchema>;
