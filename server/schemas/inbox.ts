import { type Static, Type } from 'typebox';

export const InboxAssignSchema = Type.Object(
  { dispatchId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type InboxAssign = Static<typeof InboxAssignSchema>;
