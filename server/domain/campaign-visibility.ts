import { type Column, type SQL, sql } from 'drizzle-orm';
import { roleAtLeast } from '../lib/roles.js';
import type { Role } from './vocabulary.js';

/** Who is looking: their role, and the member organization they belong to (if any). */
export interface Viewer {
  role: Role;
  organizationId: number | null;
}

/** Staff and above see every campaign. */
export function seesEveryCampaign(viewer: Viewer): boolean {
  return roleAtLeast(viewer.role, 'staff');
}

/**
 * The rule: staff and above see every campaign; a member sees a campaign only when their
 * organization is one of its member organizations (a member without an organization sees none).
 */
export function canSeeCampaign(viewer: Viewer, memberOrganizationIds: readonly number[]): boolean {
  if (seesEveryCampaign(viewer)) return true;
  return viewer.organizationId !== null && memberOrganizationIds.includes(viewer.organizationId);
}

/**
 * The same rule as an SQL condition on a campaign id column, for repositories that list things
 * across campaigns; undefined when the viewer sees everything.
 */
export function visibleCampaignCondition(viewer: Viewer, campaignId: Column | SQL): SQL | undefined {
  if (seesEveryCampaign(viewer)) return undefined;
  if (viewer.organizationId === null) return sql`0`;
  return sql`${campaignId} IN (SELECT campaign_id FROM campaign_organizations WHERE organization_id = ${viewer.organizationId})`;
}
