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
