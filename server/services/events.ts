import type { Repositories } from '../../db/repositories/index.js';
import type { Actor } from './actor.js';

export interface EventRefs {
  campaignId?: number | null;
  letterId?: number | null;
  dispatchId?: number | null;
  companyId?: number | null;
  organizationId?: number | null;
}

/** Appends one entry to the event history; call it inside the transaction that made the change. */
export function recordEvent(
  repos: Repositories,
  actor: Actor,
  type: string,
  refs: EventRefs,
  data: Record<string, unknown> = {},
) {
  return repos.events.append({ type, actorUserId: actor.userId, actorLabel: actor.label, ...refs, data });
}
