import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  canSeeCampaign,
  type Viewer,
  visibleCampaignCondition,
} from '../../../server/domain/campaign-visibility.js';
import type { Role } from '../../../server/domain/vocabulary.js';
import { buildTestApp } from '../../helper.js';

const actor = { userId: null, label: 'test' };

describe('campaign visibility: the rule and its SQL agree', () => {
  it('for every role, organization and campaign membership', async () => {
    const app = await buildTestApp();
    const a = app.services.organizations.create({ name: 'Org A', kind: 'ngo', country: 'GB' }, actor);
    const b = app.services.organizations.create({ name: 'Org B', kind: 'ngo', country: 'FR' }, actor);
    const memberships: Record<string, number[]> = {
      onlyA: [a.id],
      onlyB: [b.id],
      both: [a.id, b.id],
      none: [],
    };
    for (const [name, organizationIds] of Object.entries(memberships)) {
      app.services.campaigns.create({ name, organizationIds }, actor);
    }
    const expected: Record<string, string[]> = {
      'member of A': ['onlyA', 'both'],
      'member of B': ['onlyB', 'both'],
      'member of none': [],
    };
    for (const role of ['admin', 'coordinator', 'staff', 'member'] as Role[]) {
      for (const [label, organizationId] of [
        ['A', a.id],
        ['B', b.id],
        ['none', null],
      ] as const) {
        const name = `${role} of ${label}`;
        const viewer: Viewer = { role, organizationId };
        const byRule = Object.keys(memberships).filter((c) => canSeeCampaign(viewer, memberships[c]!));
        const condition = visibleCampaignCondition(viewer, sql`c.id`) ?? sql`1`;
        const bySql = app.db
          .all<{ name: string }>(sql`SELECT c.name FROM campaigns c WHERE ${condition} ORDER BY c.id`)
          .map((r) => r.name);
        expect(bySql, name).toEqual(byRule);
        expect(byRule, name).toEqual(expected[name] ?? Object.keys(memberships));
      }
    }
  });
});
