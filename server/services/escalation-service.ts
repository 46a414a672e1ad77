import type { DispatchRow, Repositories } from '../../db/repositories/index.js';
import type { EscalationStep } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { DEFAULT_ESCALATION_LADDER } from './campaigns-service.js';
import type { DispatchesService } from './dispatches-service.js';
import { currentLevel, suggestNextStep } from './escalation.js';
import { recordEvent } from './events.js';

const LEVEL_SET = 'escalation.level_set';

export function createEscalationService({
  repos,
  campaigns,
  dispatches,
}: {
  repos: Repositories;
  campaigns: CampaignsService;
  dispatches: DispatchesService;
}) {
  const ladderOf = (campaignId: number): EscalationStep[] =>
    campaigns.get(campaignId).escalationLadder ?? DEFAULT_ESCALATION_LADDER;

  function levels(campaignId: number, companyId?: number): Map<number, number> {
    const recorded = new Map(
      repos.events
        .latestPerCompany(campaignId, LEVEL_SET, companyId)
        .map((e) => [e.companyId!, Number((e.data as { level: number }).level)]),
    );
    const campaignIsPublic = campaigns.get(campaignId).public;
    const result = new Map<number, number>();
    for (const facts of repos.dispatches.escalationFacts(campaignId, dispatches.today(), companyId)) {
      result.set(
        facts.companyId,
        currentLevel({
          letterLevel: facts.letterLevel,
          published: facts.published === 1 && campaignIsPublic,
          recordedLevel: recorded.get(facts.companyId) ?? null,
        }),
      );
    }
    for (const [id, level] of recorded)
      if (!result.has(id) && (companyId === undefined || id === companyId)) result.set(id, level);
    return result;
  }

  return {
    ladderOf,
    levels,

    /** How many companies of the campaign stand at each level of its ladder. */
    summary(campaignId: number) {
      return repos.trackingCache.remember(`escalation-summary:${campaignId}:${dispatches.today()}`, () => {
        const counts = new Map<number, number>();
        for (const level of levels(campaignId).values()) counts.set(level, (counts.get(level) ?? 0) + 1);
        return ladderOf(campaignId).map((step) => ({ ...step, companies: counts.get(step.level) ?? 0 }));
      });
    },

    forDispatch(dispatch: DispatchRow) {
      const detail = dispatches.detail(dispatch);
      const ladder = ladderOf(dispatch.campaignId);
      const level = levels(dispatch.campaignId, dispatch.companyId).get(dispatch.companyId) ?? 0;
      const next = suggestNextStep(
        {
          status: detail.status,
          dueAt: detail.dueAt,
          escalateAt: detail.escalateAt,
          overdue: detail.overdue,
          veryOverdue: detail.veryOverdue,
          coverage: detail.coverage.value,
          openQuestions: detail.questions.filter((q) => q.open).length,
        },
        ladder,
        campaigns.get(dispatch.campaignId).public,
        level,
      );
      return {
        level,
        levelTitle: ladder.find((s) => s.level === level)?.title ?? `Level ${level}`,
        next,
        ladder,
      };
    },

    recordLevel(campaignId: number, companyId: number, level: number, note: string, actor: Actor) {
      const ladder = ladderOf(campaignId);
      if (!ladder.some((s) => s.level === level))
        throw new ValidationError('level', `level ${level} is not on this campaign's ladder`);
      if (!repos.campaigns.companyIds(campaignId).includes(companyId))
        throw new NotFoundError('Company in this campaign', companyId);
      recordEvent(repos, actor, LEVEL_SET, { campaignId, companyId }, { level, note });
    },

    setLadder(campaignId: number, steps: EscalationStep[], actor: Actor) {
      campaigns.get(campaignId);
      const levelsSeen = new Set<number>();
      for (const [i, step] of steps.entries()) {
        if (levelsSeen.has(step.level))
          throw new ValidationError(`steps.${i}.level`, `level ${step.level} appears twice`);
        levelsSeen.add(step.level);
      }
      const sorted = [...steps].sort((a, b) => a.level - b.level);
      repos.transaction(() => {
        repos.campaigns.update(campaignId, { escalationLadder: sorted });
        recordEvent(repos, actor, 'campaign.ladder_changed', { campaignId }, { steps: sorted.length });
      });
      return sorted;
    },
  };
}

export type EscalationService = ReturnType<typeof createEscalationService>;
