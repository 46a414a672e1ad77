import type { CampaignRow, Repositories, UserRow } from '../../db/repositories/index.js';
import { canSeeCampaign, seesEveryCampaign } from '../domain/campaign-visibility.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { holidayRegionsOf, isKnownHolidayCountry, isKnownHolidayRegion } from '../lib/holidays.js';
import type { CampaignInput, CampaignPatch } from '../schemas/campaigns.js';
import type { Actor } from './actor.js';
import { recordEvent } from './events.js';

export const DEFAULT_ESCALATION_LADDER = [
  { level: 0, title: 'Research and target list' },
  { level: 1, title: 'Private letter with numbered questions', offsetDays: 0 },
  { level: 2, title: 'Reminders at due + 1 and due + 7 days', offsetDays: 1 },
  { level: 3, title: 'Publish response or non-response on the public tracker', offsetDays: 14 },
  { level: 4, title: 'Follow-up letter or meeting with directors when coverage is under 50%' },
  { level: 5, title: 'Investor statement with signatory AUM' },
  { level: 6, title: 'Questions at the AGM' },
  { level: 7, title: 'Shareholder proposal' },
  { level: 8, title: 'Vote against directors / pre-declared votes' },
  { level: 9, title: 'Public campaign' },
  { level: 10, title: 'Divestment recommendation' },
];

export function createCampaignsService({ repos }: { repos: Repositories }) {
  function get(id: number): CampaignRow {
    const campaign = repos.campaigns.findById(id);
    if (!campaign) throw new NotFoundError('Campaign', id);
    return campaign;
  }

  /** Members see only the campaigns their organization belongs to. */
  function canRead(user: UserRow, campaignId: number): boolean {
    if (seesEveryCampaign(user)) return true;
    return canSeeCampaign(user, repos.campaigns.organizationIds(campaignId));
  }

  function getForUser(id: number, user: UserRow): CampaignRow {
    const campaign = get(id);
    if (!canRead(user, id)) throw new ForbiddenError('Your organization is not a member of this campaign');
    return campaign;
  }

  function checkReferences(input: CampaignPatch, existing?: CampaignRow) {
    if (input.holidayCountry && !isKnownHolidayCountry(input.holidayCountry)) {
      throw new ValidationError(
        'holidayCountry',
        `no holiday calendar is known for "${input.holidayCountry}"`,
      );
    }
    const country = input.holidayCountry !== undefined ? input.holidayCountry : existing?.holidayCountry;
    if (input.holidayRegion) {
      if (!country) throw new ValidationError('holidayRegion', 'needs a holiday country');
      if (!isKnownHolidayRegion(country, input.holidayRegion)) {
        const known = Object.keys(holidayRegionsOf(country));
        throw new ValidationError(
          'holidayRegion',
          known.length
            ? `"${input.holidayRegion}" is not a region of ${country.toUpperCase()}; one of ${known.join(', ')}`
            : `${country.toUpperCase()} has no regions in the holiday calendar`,
        );
      }
    }
    for (const id of input.organizationIds ?? []) {
      if (!repos.organizations.findById(id))
        throw new ValidationError('organizationIds', `organization ${id} does not exist`);
    }
    const companyIds = input.companyIds ?? [];
    const found = new Set(repos.companies.findByIds(companyIds).map((c) => c.id));
    const missing = companyIds.find((id) => !found.has(id));
    if (missing !== undefined) throw new ValidationError('companyIds', `company ${missing} does not exist`);
  }

  function fields(input: CampaignPatch, existing?: CampaignRow) {
    const { organizationIds: _o, companyIds: _c, ...rest } = input;
    return {
      ...rest,
      ...(rest.name !== undefined && { name: rest.name.trim() }),
      ...(rest.holidayCountry !== undefined && {
        holidayCountry: rest.holidayCountry?.toUpperCase() ?? null,
      }),
      ...(rest.holidayRegion !== undefined && { holidayRegion: rest.holidayRegion?.toUpperCase() ?? null }),
      // A region belongs to its country: a new country without a region clears the old one.
      ...(rest.holidayCountry !== undefined &&
        rest.holidayRegion === undefined &&
        (rest.holidayCountry?.toUpperCase() ?? null) !== (existing?.holidayCountry ?? null) && {
          holidayRegion: null,
        }),
    };
  }

  function summary(
    campaign: CampaignRow,
    today: string,
    counts = statusCounts([campaign.id]).get(campaign.id) ?? {},
  ) {
    const overdue = repos.trackingCache.remember(`overdue-counts:${campaign.id}:${today}`, () =>
      repos.campaigns.overdueCounts(campaign.id, today),
    );
    return {
      ...campaign,
      counts: {
        total: Object.values(counts).reduce((a, b) => a + b, 0),
        ...counts,
        ...overdue,
      },
    };
  }

  function statusCounts(campaignIds: number[]) {
    return repos.trackingCache.remember(`status-counts:${campaignIds.join(',')}`, () =>
      repos.campaigns.statusCounts(campaignIds),
    );
  }

  return {
    get,
    getForUser,
    canRead,
    organizationIds: (id: number) => repos.campaigns.organizationIds(id),
    companyIds: (id: number) => repos.campaigns.companyIds(id),
    /** The campaign's member organizations. */
    organizations: (id: number) => repos.campaigns.organizations(id),
    summary,
    list(user: UserRow, today: string) {
      const campaigns = repos.campaigns.list(user);
      const counts = statusCounts(campaigns.map((c) => c.id));
      return campaigns.map((c) => summary(c, today, counts.get(c.id) ?? {}));
    },
    create(input: CampaignInput, actor: Actor): CampaignRow {
      checkReferences(input);
      return repos.transaction(() => {
        const campaign = repos.campaigns.insert({
          ...fields(input),
          name: input.name.trim(),
          escalationLadder: DEFAULT_ESCALATION_LADDER,
          createdBy: actor.userId,
        });
        repos.campaigns.setOrganizations(campaign.id, input.organizationIds ?? []);
        repos.campaigns.setCompanies(campaign.id, input.companyIds ?? []);
        recordEvent(repos, actor, 'campaign.created', { campaignId: campaign.id }, { name: campaign.name });
        return campaign;
      });
    },
    update(id: number, patch: CampaignPatch, actor: Actor): CampaignRow {
      const existing = get(id);
      checkReferences(patch, existing);
      return repos.transaction(() => {
        const campaign = repos.campaigns.update(id, fields(patch, existing))!;
        if (patch.organizationIds) repos.campaigns.setOrganizations(id, patch.organizationIds);
        if (patch.companyIds) {
          const stillNeeded = new Set(
            repos.letters.listForCampaign(id).flatMap((l) => repos.letters.companyIds(l.id)),
          );
          repos.campaigns.setCompanies(id, [...new Set([...patch.companyIds, ...stillNeeded])]);
        }
        recordEvent(repos, actor, 'campaign.updated', { campaignId: id }, { fields: Object.keys(patch) });
        return campaign;
      });
    },
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
