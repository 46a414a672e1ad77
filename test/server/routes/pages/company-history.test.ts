import { describe, expect, it } from 'vitest';
import { browserSession, buildTestApp } from '../../../helper.js';
import { buildCampaign } from '../../jobs/fixtures/campaign.js';

describe('company page history', () => {
  it("shows a member only the letters and history of their organization's campaigns", async () => {
    const app = await buildTestApp();
    const mine = await buildCampaign(app, 'Open');
    await mine.sendLetter('Letter of our campaign');
    // Another campaign, of another organization only, writes to the same company.
    const org = await mine.call('POST', '/api/organizations', {
      name: 'Other Coalition',
      kind: 'ngo',
      country: 'NL',
    });
    const theirs = await mine.call('POST', '/api/campaigns', {
      name: 'Their campaign',
      responseDays: 14,
      dayCount: 'calendar',
      organizationIds: [org.id],
      companyIds: [mine.company.id],
    });
    const letter = await mine.call('POST', `/api/campaigns/${theirs.id}/letters`, {
      title: 'Confidential letter of theirs',
      body: 'Dear {{company.name}},\n\nPrivate.',
      questions: ['Q?'],
      companyIds: [mine.company.id],
    });
    await mine.call('POST', `/api/letters/${letter.id}/approve`);
    await mine.call('POST', `/api/letters/${letter.id}/send`, {});

    const member = await browserSession(app, mine.member.user.email);
    const page = await member.get(`/companies/${mine.company.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Letter of our campaign');
    expect(page.body).not.toContain('Confidential letter of theirs');
    expect(page.body).not.toContain('Their campaign');

    const coordinator = await browserSession(app, mine.coordinator.user.email);
    const full = await coordinator.get(`/companies/${mine.company.id}`);
    expect(full.body).toContain('Letter of our campaign');
    expect(full.body).toContain('Confidential letter of theirs');
  });
});
