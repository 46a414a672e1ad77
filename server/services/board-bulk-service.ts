import type { Repositories, UserRow } from '../../db/repositories/index.js';
import { isOpenDispatch } from '../domain/dispatch-lateness.js';
import { AppError, ForbiddenError, ValidationError } from '../errors.js';
import { roleAtLeast } from '../lib/roles.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import type { DispatchesService } from './dispatches-service.js';
import { recordEvent } from './events.js';
import type { FollowUpService } from './follow-up-service.js';

/** What can be done at once to dispatches selected on the board, and the lowest role for each. */
export const BULK_ACTIONS = {
  follow_up: { label: 'Draft a follow-up', role: 'staff' },
  post: { label: 'Record “sent by post”', role: 'coordinator' },
  close: { label: 'Close (stop chasing)', role: 'coordinator' },
} as const;
export type BulkAction = keyof typeof BULK_ACTIONS;
export const BULK_ACTION_NAMES = Object.keys(BULK_ACTIONS) as BulkAction[];

/** Selections larger than this are refused: a page of the board holds 50. */
export const MAX_SELECTION = 500;

export interface BulkOutcome {
  dispatchId: number;
  companyName: string;
  letterTitle: string;
  done: boolean;
  message: string;
  link?: string;
}

/**
 * Bulk actions of the board: each works on the whole selection with set-based reads, checks the
 * role the single action needs, and reports what happened to each company.
 */
export function createBoardBulkService({
  repos,
  campaigns,
  dispatches,
  followUps,
}: {
  repos: Repositories;
  campaigns: CampaignsService;
  dispatches: DispatchesService;
  followUps: () => FollowUpService;
}) {
  /** The selected dispatches of the campaign, in board order; ids of another campaign are refused. */
  function selection(campaignId: number, ids: number[], user: UserRow) {
    const campaign = campaigns.getForUser(campaignId, user);
    const unique = [...new Set(ids)];
    if (unique.length === 0)
      throw new ValidationError('dispatchIds', 'select at least one company on the board');
    if (unique.length > MAX_SELECTION)
      throw new ValidationError('dispatchIds', `select at most ${MAX_SELECTION} companies at once`);
    const items = dispatches.board({
      campaignId,
      ids: unique,
      limit: unique.length,
      offset: 0,
      sort: 'company',
    }).items;
    if (items.length !== unique.length)
      throw new ValidationError('dispatchIds', 'some selected dispatches are not in this campaign');
    return { campaign, items };
  }

  function checkRole(action: BulkAction, user: UserRow) {
    const needed = BULK_ACTIONS[action].role;
    if (!roleAtLeast(user.role, needed))
      throw new ForbiddenError(`${BULK_ACTIONS[action].label} needs the ${needed} role`);
  }

  type Item = ReturnType<typeof selection>['items'][number];
  const outcome = (d: Item, done: boolean, message: string, link?: string): BulkOutcome => ({
    dispatchId: d.id,
    companyName: d.companyName,
    letterTitle: withPlaceholders(d.letterTitle),
    done,
    message,
    ...(link && { link }),
  });

  function recordPost(items: Item[], actor: Actor): BulkOutcome[] {
    return repos.transaction(() =>
      items.map((d) => {
        if (d.channel === 'post') return outcome(d, false, 'already recorded as sent by post');
        repos.dispatches.update(d.id, { channel: 'post' });
        recordEvent(
          repos,
          actor,
          'dispatch.sent_by_post',
          { campaignId: d.campaignId, letterId: d.letterId, companyId: d.companyId, dispatchId: d.id },
          { previousChannel: d.channel, date: dispatches.today() },
        );
        return outcome(d, true, `recorded as sent by post (was ${d.channel.replace('_', ' ')})`);
      }),
    );
  }

  function close(items: Item[], actor: Actor): BulkOutcome[] {
    return repos.transaction(() =>
      items.map((d) => {
        if (!isOpenDispatch(d.status)) return outcome(d, false, `not closed: already ${d.status}`);
        repos.dispatches.update(d.id, { status: 'closed' });
        recordEvent(
          repos,
          actor,
          'dispatch.closed',
          { campaignId: d.campaignId, letterId: d.letterId, companyId: d.companyId, dispatchId: d.id },
          { previousStatus: d.status },
        );
        return outcome(d, true, 'closed: no longer chased; shown publicly as “Did not respond”');
      }),
    );
  }

  /** One follow-up draft per letter of the selection, each for the selected companies with open questions. */
  function followUp(items: Item[], actor: Actor): BulkOutcome[] {
    const results = new Map<number, BulkOutcome>();
    const byLetter = new Map<number, Item[]>();
    for (const d of items) byLetter.set(d.letterId, [...(byLetter.get(d.letterId) ?? []), d]);
    for (const [letterId, group] of byLetter) {
      try {
        const drafted = followUps().draft(letterId, { companyIds: group.map((d) => d.companyId) }, actor);
        const included = new Set(drafted.companyIds);
        for (const d of group) {
          results.set(
            d.id,
            included.has(d.companyId)
              ? outcome(d, true, 'included in the follow-up draft', `/letters/${drafted.letter.id}`)
              : outcome(d, false, 'left out: answered every question'),
          );
        }
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        for (const d of group) results.set(d.id, outcome(d, false, `left out: ${error.message}`));
      }
    }
    return items.map((d) => results.get(d.id)!);
  }

  return {
    selection,

    /** What the confirmation page shows: the action, the companies, and who may not be changed. */
    preview(campaignId: number, action: BulkAction, ids: number[], user: UserRow) {
      checkRole(action, user);
      const { campaign, items } = selection(campaignId, ids, user);
      const notes = items.map((d) => {
        if (action === 'close' && !isOpenDispatch(d.status)) return `will be left: already ${d.status}`;
        if (action === 'post' && d.channel === 'post') return 'will be left: already by post';
        return '';
      });
      return {
        campaign,
        action,
        label: BULK_ACTIONS[action].label,
        items: items.map((d, i) => ({ ...d, note: notes[i] })),
      };
    },

    run(campaignId: number, action: BulkAction, ids: number[], user: UserRow, actor: Actor) {
      checkRole(action, user);
      const { campaign, items } = selection(campaignId, ids, user);
      const outcomes =
        action === 'close'
          ? close(items, actor)
          : action === 'post'
            ? recordPost(items, actor)
            : followUp(items, actor);
      return {
        campaign,
        action,
        label: BULK_ACTIONS[action].label,
        outcomes,
        done: outcomes.filter((o) => o.done).length,
        left: outcomes.filter((o) => !o.done).length,
      };
    },
  };
}

export type BoardBulkService = ReturnType<typeof createBoardBulkService>;
