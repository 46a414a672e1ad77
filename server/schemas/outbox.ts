import { Type } from 'typebox';
import { OUTBOX_STATUSES } from '../domain/vocabulary.js';

const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const OutboxStatusSchema = Type.Enum(OUTBOX_STATUSES);

/** An email Docket sends (or sent): letters, reminders, digests, invitations. */
export const OutboxMessageSchema = Type.Object({
  id: Type.Integer(),
  messageId: Type.String(),
  kind: Type.String({ description: 'e.g. letter, reminder, digest, invitation' }),
  to: Type.String(),
  from: Type.String(),
  replyTo: NullableString,
  subject: Type.String(),
  status: OutboxStatusSchema,
  attempts: Type.Integer(),
  lastError: NullableString,
  sendAfter: Type.String({ format: 'date-time' }),
  sentAt: NullableString,
  createdAt: Type.String({ format: 'date-time' }),
  dispatchId: NullableInt,
  userId: NullableInt,
});

export const OutboxMessageDetailSchema = Type.Object({
  ...OutboxMessageSchema.properties,
  headers: Type.Record(Type.String(), Type.String()),
  text: Type.String(),
  html: Type.String(),
});
