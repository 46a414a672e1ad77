/**
 * Every created_at/updated_at comes from the app's injected clock, never from SQLite's `now`
 * (the columns' SQL defaults are never used), so tests and jobs see one time.
 */
export type Stamp = () => string;

export function stampFrom(clock: { now(): Date }): Stamp {
  return () => clock.now().toISOString();
}

/** created_at and updated_at of a new row: the same instant. */
export function newRowStamps(stamp: Stamp): { createdAt: string; updatedAt: string } {
  const at = stamp();
  return { createdAt: at, updatedAt: at };
}
