/** Who did something, for the event log. */
export interface Actor {
  userId: number | null;
  label: string;
}

export const systemActor: Actor = { userId: null, label: 'system' };
