import { type Static, Type } from 'typebox';
import { CALENDAR_DAY_KINDS } from '../domain/vocabulary.js';
import { DateSchema, NameSchema } from './common.js';

export const CalendarDayInputSchema = Type.Object(
  {
    date: DateSchema,
    kind: Type.Enum(CALENDAR_DAY_KINDS, { description: 'day_off or working_day' }),
    name: NameSchema,
    source: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type CalendarDayInput = Static<typeof CalendarDayInputSchema>;

export const CalendarImportInputSchema = Type.Object(
  {
    ics: Type.String({ minLength: 1, maxLength: 2_000_000, description: 'the text of an .ics file' }),
    kind: Type.Enum(CALENDAR_DAY_KINDS),
    filename: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CalendarImportInput = Static<typeof CalendarImportInputSchema>;

export const CalendarDayParamsSchema = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  date: DateSchema,
});

/** A campaign's own day off or working day. */
export const CalendarDaySchema = Type.Object({
  id: Type.Integer(),
  campaignId: Type.Integer(),
  date: Type.String(),
  kind: Type.Enum(CALENDAR_DAY_KINDS),
  name: Type.String(),
  source: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CampaignCalendarSchema = Type.Object({
  campaignId: Type.Integer(),
  country: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  label: Type.Union([Type.String(), Type.Null()]),
  regions: Type.Record(Type.String(), Type.String(), { description: 'region code → name' }),
  defaultRegion: Type.Union([Type.String(), Type.Null()]),
  dayCount: Type.Enum(['calendar', 'working']),
  from: Type.String(),
  until: Type.String(),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      kind: Type.Enum(CALENDAR_DAY_KINDS),
      name: Type.String(),
      source: Type.String(),
      weekend: Type.Boolean(),
      own: Type.Boolean({ description: 'one of the campaign’s own days' }),
    }),
  ),
  own: Type.Array(CalendarDaySchema),
});

const Recomputed = Type.Integer({ description: 'open dispatches whose due dates were recomputed' });
export const CalendarDayAddedSchema = Type.Object({ day: CalendarDaySchema, recomputed: Recomputed });
export const CalendarDayRemovedSchema = Type.Object({ recomputed: Recomputed });
export const CalendarImportedSchema = Type.Object({ imported: Type.Integer(), recomputed: Recomputed });
