import type { Role } from '../server/domain/vocabulary.js';
import { createUser, type TestApp } from './helper.js';

/**
 * Small factories for test data, through the same services the app uses (so every rule and
 * event applies). Each call makes new rows with unique names: a test that uses them sets up its
 * own data and passes alone.
 */
export function factories(app: TestApp) {
  const actor = { userId: null, label: 'test' };
  let n = 0;
  const next = () => ++n;

  function organization(overrides: { name?: string; country?: string } = {}) {
    const i = next();
    return app.services.organizations.create(
      { name: overrides.name ?? `Organization ${i}`, kind: 'ngo', country: overrides.country ?? 'GB' },
      actor,
    );
  }

  function company(overrides: { name?: string; country?: string; sector?: string; email?: string } = {}) {
    const i = next();
    return app.services.companies.create(
      {
        name: overrides.name ?? `Company ${i}`,
        country: overrides.country ?? 'FR',
        sector: overrides.sector ?? 'Industry',
        contacts: [{ function: 'ir', email: overrides.email ?? `ir${i}@company${i}.example` }],
      },
      actor,
    );
  }

  function campaign(
    overrides: { name?: string; organizationIds?: number[]; companyIds?: number[]; public?: boolean } = {},
  ) {
    const i = next();
    return app.services.campaigns.create(
      {
        name: overrides.name ?? `Campaign ${i}`,
        organizationIds: overrides.organizationIds ?? [],
        companyIds: overrides.companyIds ?? [],
        ...(overrides.public !== undefined && { public: overrides.public }),
      },
      actor,
    );
  }

  async function member(organizationId: number, role: Role = 'member') {
    const user = await createUser(app, role);
    return app.repos.users.update(user.id, { organizationId })!;
  }

  /** A letter drafted, approved and sent now (the app's clock) by post to `companyIds`. */
  function sentLetter(
    campaignId: number,
    companyIds: number[],
    overrides: { title?: string; body?: string; questions?: string[] } = {},
  ) {
    const letter = app.services.letters.create(
      campaignId,
      {
        title: overrides.title ?? `Letter ${next()}`,
        body: overrides.body ?? 'Dear {{company.name}},\n\nWe write on behalf of the coalition.',
        questions: overrides.questions ?? ['What is your exposure?'],
        companyIds,
      },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
    return { letter, dispatches: app.repos.dispatches.listForLetter(letter.id) };
  }

  function response(
    dispatchId: number,
    input: {
      kind: 'substantive' | 'holding' | 'declined' | 'auto_reply' | 'bounce';
      receivedAt: string;
      body?: string;
    },
  ) {
    return app.services.dispatches.recordResponse(dispatchId, { body: 'Our reply.', ...input }, actor);
  }

  return { actor, organization, company, campaign, member, sentLetter, response };
}
