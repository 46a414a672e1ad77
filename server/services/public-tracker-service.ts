import type { Repositories } from '../../db/repositories/index.js';
import { NotFoundError } from '../errors.js';
import type { DispatchesService } from './dispatches-service.js';
import { RESPONSE_RATE_DEFINITION } from './metrics.js';
import type { StatsService } from './stats-service.js';

const LABEL_ORDER = ['Responded', 'Declined to respond', 'Did not respond', 'Awaiting response'];

/**
 * The public tracker of a campaign marked public: for each letter sent, every company with the
 * Business & Human Rights Resource Centre's label, and the letter's response rate by the same
 * definition as the statistics. Names and dates only: never response texts, contacts or notes.
 */
export function createPublicTrackerService({
  repos,
  dispatches,
  stats,
}: {
  repos: Repositories;
  dispatches: DispatchesService;
  stats: StatsService;
}) {
  return {
    forCampaign(campaignId: number) {
      const campaign = repos.campaigns.findById(campaignId);
      if (!campaign?.public) throw new NotFoundError('Public campaign', campaignId);
      const byLetter = new Map(stats.forCampaign(campaign.id).byLetter.map((s) => [s.letterId, s]));
      const letters = repos.letters
        .listForCampaign(campaign.id)
        .filter((letter) => letter.status === 'sent')
        .map((letter) => {
          const rows = dispatches
            .board({ letterId: letter.id, sort: 'company', limit: 10_000, offset: 0 })
            .items.map((d) => ({
              companyName: d.companyName,
              country: d.companyCountry,
              sector: d.companySector,
              dueAt: d.dueAt,
              respondedAt: d.firstResponseAt,
              label: d.publicLabel,
            }));
          const counts = LABEL_ORDER.map((label) => ({
            label,
            count: rows.filter((r) => r.label === label).length,
          }));
          return {
            title: letter.title,
            sentAt: letter.sentAt,
            kind: letter.kind,
            rows,
            counts,
            invited: rows.length,
            responseRate: byLetter.get(letter.id)?.responseRate ?? null,
          };
        });
      return { campaign, letters, responseRateDefinition: RESPONSE_RATE_DEFINITION };
    },
  };
}

export type PublicTrackerService = ReturnType<typeof createPublicTrackerService>;
