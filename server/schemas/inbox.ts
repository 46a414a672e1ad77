import { type Static, Type } from 'typebox';
import { INBOUND_CATEGORIES } from '../domain/vocabulary.js';
import { AttachmentSchema, ResponseSchema } from './dispatches.js';

export const InboxAssignSchema = Type.Object(
  { dispatchId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type InboxAssign = Static<typeof InboxAssignSchema>;

const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

/** An email that arrived at a dispatch's reply or bounce address, or could not be matched. */
export const InboundMessageSchema = Type.Object({
  id: Type.Integer(),
  messageId: Type.Union([Type.String(), Type.Null()]),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  receivedAt: Type.String(),
  snippet: Type.String(),
  dispatchId: NullableInt,
  category: Type.Enum(INBOUND_CATEGORIES),
  proposedDispatchId: NullableInt,
  assignedBy: NullableInt,
  assignedAt: Type.Union([Type.String(), Type.Null()]),
});

export const InboundMessageDetailSchema = Type.Object({
  ...InboundMessageSchema.properties,
  text: Type.String(),
  attachments: Type.Array(AttachmentSchema),
});

export const InboxAssignedSchema = Type.Object({ message: InboundMessageSchema, response: ResponseSchema });
