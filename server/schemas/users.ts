import { Type } from 'typebox';
import { ROLES } from '../domain/vocabulary.js';

export const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  organizationId: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
  preferences: Type.Object({
    digest: Type.Enum(['off', 'daily', 'weekly']),
    remindersDaysBefore: Type.Optional(Type.Array(Type.Integer())),
    reviewAlerts: Type.Optional(Type.Enum(['each', 'off'])),
  }),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const MeSchema = Type.Object({
  ...UserSchema.properties,
  calendarUrl: Type.String({ description: 'your private calendar feed (.ics) of deadlines' }),
});

export const InvitationSchema = Type.Object({
  url: Type.String({ description: 'the one-time link (also emailed)' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const CalendarTokenSchema = Type.Object({ calendarUrl: Type.String() });
