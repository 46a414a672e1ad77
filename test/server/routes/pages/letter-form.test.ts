import { describe, expect, it } from 'vitest';
import { browserSession, buildTestApp, createUser } from '../../../helper.js';

const app = await buildTestApp();
const actor = { userId: null, label: 'setup' };
const company = app.services.companies.create({ name: 'Alpha plc', country: 'GB' }, actor);
const campaign = app.services.campaigns.create({ name: 'Form', companyIds: [company.id] }, actor);
const staff = await createUser(app, 'staff');
const formPage = `/campaigns/${campaign.id}/letters/new`;

const questionsIn = (html: string) =>
  [...html.matchAll(/<textarea id="question-\d+" name="question"[^>]*>([^<]*)<\/textarea>/g)].map(
    (m) => m[1],
  );
const labelsIn = (html: string) => [...html.matchAll(/class="question-label">([^<]*)</g)].map((m) => m[1]);

describe('the letter form without JavaScript', () => {
  const form = (extra: Record<string, string | string[]>) => ({
    title: 'Questions to {{company.name}}',
    body: 'Dear {{company.name}},',
    question: ['One?', 'Two?', 'Three?', ''],
    questionId: ['', '', '', ''],
    position: ['1', '2', '3', '4'],
    companyIds: [String(company.id)],
    ...extra,
  });

  it('labels every field and offers the variables', async () => {
    const session = await browserSession(app, staff.email);
    const page = (await session.get(formPage)).body;
    expect(page).toContain('<label for="letter-title">Title, also the email subject');
    expect(page).toContain('<label for="letter-body">Body');
    expect(page).toContain('<label for="question-0" class="question-label">Question 1</label>');
    expect(page).toContain('id="variable-picker"');
    expect(page).toContain('<code class="selectable">{{company.name}}</code>');
    expect(page).toContain('<code class="selectable">{{questionList}}</code>');
  });

  it('moves, removes and adds question rows by posting the form, saving nothing', async () => {
    const session = await browserSession(app, staff.email);
    const up = await session.post(`/campaigns/${campaign.id}/letters`, form({ rowAction: 'up:2' }), formPage);
    expect(up.statusCode).toBe(200);
    expect(questionsIn(up.body)).toEqual(['One?', 'Three?', 'Two?', '']);
    expect(labelsIn(up.body)).toEqual(['Question 1', 'Question 2', 'Question 3', 'Question 4']);
    expect(up.body).toContain('value="Questions to {{company.name}}"');

    const down = await session.post(
      `/campaigns/${campaign.id}/letters`,
      form({ rowAction: 'down:0' }),
      formPage,
    );
    expect(questionsIn(down.body)).toEqual(['Two?', 'One?', 'Three?', '']);

    const removed = await session.post(
      `/campaigns/${campaign.id}/letters`,
      form({ rowAction: 'remove:1' }),
      formPage,
    );
    expect(questionsIn(removed.body)).toEqual(['One?', 'Three?', '']);

    const added = await session.post(
      `/campaigns/${campaign.id}/letters`,
      form({ rowAction: 'add' }),
      formPage,
    );
    expect(questionsIn(added.body)).toEqual(['One?', 'Two?', 'Three?', '', '']);
    expect(app.repos.letters.listForCampaign(campaign.id)).toHaveLength(0);
  });

  it('refuses a question with an unknown variable next to that question (422), saving nothing', async () => {
    const session = await browserSession(app, staff.email);
    const refused = await session.post(
      `/campaigns/${campaign.id}/letters`,
      form({ question: ['One?', 'Will {{company.nmae}} answer?', '', ''] }),
      formPage,
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(
      '<small class="field-error" id="question1-error">line 1, column 8: unknown variable &quot;company.nmae&quot;</small>',
    );
    expect(app.repos.letters.listForCampaign(campaign.id)).toHaveLength(0);

    const saved = await session.post(`/campaigns/${campaign.id}/letters`, form({}), formPage);
    expect(saved.statusCode).toBe(302);
    const [letter] = app.repos.letters.listForCampaign(campaign.id);
    expect(app.repos.letters.questions(letter!.id).map((q) => q.text)).toEqual(['One?', 'Two?', 'Three?']);
  });
});
