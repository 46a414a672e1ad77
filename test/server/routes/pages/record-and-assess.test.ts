import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser } from '../../../helper.js';

async function setUp() {
  const clock = fixedClock('2025-05-05T09:00:00Z');
  const app = await buildTestApp({ clock });
  const f = factories(app);
  const company = f.company({ name: 'Assessed AG' });
  const campaign = f.campaign({ companyIds: [company.id] });
  const { letter, dispatches } = f.sentLetter(campaign.id, [company.id], {
    questions: ['Do you still operate?', 'When will you leave?', 'Who decides?'],
  });
  const [q1, q2, q3] = app.repos.letters.questions(letter.id);
  clock.set('2025-05-12T09:00:00Z');
  const staff = await createUser(app, 'staff');
  const session = await browserSession(app, staff.email);
  return { app, session, dispatch: dispatches[0]!, q1: q1!, q2: q2!, q3: q3! };
}

const PASTED = 'Dear coalition,\n\nWe <b>left</b> in March; the board decides.\n\nRegards, IR';

describe('record a response and assess every question on one screen', () => {
  it('saves the response and every assessment with one action', async () => {
    const { app, session, dispatch, q1, q2, q3 } = await setUp();
    const page = await session.get(`/dispatches/${dispatch.id}`);
    expect(page.body).toContain('id="record-and-assess"');
    for (const q of [q1, q2, q3]) expect(page.body).toContain(`name="q${q.id}.status"`);

    const saved = await session.post(
      `/dispatches/${dispatch.id}/responses`,
      {
        mode: 'response',
        receivedAt: '2025-05-10',
        kind: 'substantive',
        from: 'ir@assessed.example',
        promisedAt: '',
        body: PASTED,
        [`q${q1.id}.status`]: 'answered',
        [`q${q1.id}.quality`]: '3',
        [`q${q1.id}.note`]: 'Left in March',
        [`q${q1.id}.excerpt`]: 'We left in March',
        [`q${q2.id}.status`]: 'partial',
        [`q${q2.id}.quality`]: '1',
        [`q${q2.id}.note`]: '',
        [`q${q2.id}.excerpt`]: '',
        [`q${q3.id}.status`]: '',
        [`q${q3.id}.quality`]: '',
        [`q${q3.id}.note`]: '',
        [`q${q3.id}.excerpt`]: '',
      },
      `/dispatches/${dispatch.id}`,
    );
    expect(saved.statusCode).toBe(302);
    const responses = app.repos.dispatches.responses(dispatch.id);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      kind: 'substantive',
      body: PASTED,
      fromAddress: 'ir@assessed.example',
    });
    const answers = app.repos.dispatches.latestAnswers([dispatch.id]);
    expect(answers.map((a) => [a.questionId, a.status, a.quality, a.responseId])).toEqual(
      expect.arrayContaining([
        [q1.id, 'answered', 3, responses[0]!.id],
        [q2.id, 'partial', 1, responses[0]!.id],
      ]),
    );
    expect(answers).toHaveLength(2);
    const after = await session.get(`/dispatches/${dispatch.id}`);
    expect(after.body).toContain('Response recorded, 2 questions assessed.');
    expect(after.body).toContain('Substantive response');
    // the form shows the saved assessments, so saving assessments only again adds nothing
    expect(after.body).toContain('value="Left in March"');
    const again = await session.post(
      `/dispatches/${dispatch.id}/responses`,
      {
        mode: 'assess',
        receivedAt: '2025-05-12',
        kind: 'substantive',
        body: '',
        [`q${q1.id}.status`]: 'answered',
        [`q${q1.id}.quality`]: '3',
        [`q${q1.id}.note`]: 'Left in March',
        [`q${q1.id}.excerpt`]: 'We left in March',
        [`q${q2.id}.status`]: 'answered',
        [`q${q2.id}.quality`]: '2',
        [`q${q2.id}.note`]: 'Second letter clarified',
        [`q${q2.id}.excerpt`]: '',
      },
      `/dispatches/${dispatch.id}`,
    );
    expect(again.statusCode).toBe(302);
    expect(app.repos.dispatches.responses(dispatch.id)).toHaveLength(1);
    expect(app.repos.dispatches.answerHistory(dispatch.id, q1.id)).toHaveLength(1);
    expect(app.repos.dispatches.answerHistory(dispatch.id, q2.id)).toHaveLength(2);
    expect((await session.get(`/dispatches/${dispatch.id}`)).body).toContain('Saved: 1 question assessed.');
  });

  it('an empty date is refused in words next to the field; the pasted text and every note stay in the form; nothing is saved', async () => {
    const { app, session, dispatch, q1, q2 } = await setUp();
    const refused = await session.post(
      `/dispatches/${dispatch.id}/responses`,
      {
        mode: 'response',
        receivedAt: '',
        kind: 'holding',
        from: 'ir@assessed.example',
        promisedAt: '2025-06-30',
        body: PASTED,
        [`q${q1.id}.status`]: 'commitment',
        [`q${q1.id}.quality`]: '2',
        [`q${q1.id}.note`]: 'A note typed on question one',
        [`q${q1.id}.excerpt`]: 'We will leave by June',
        [`q${q2.id}.status`]: '',
        [`q${q2.id}.quality`]: '',
        [`q${q2.id}.note`]: 'A note without an assessment',
        [`q${q2.id}.excerpt`]: '',
      },
      `/dispatches/${dispatch.id}`,
    );
    expect(refused.statusCode).toBe(422);
    const html = refused.body;
    expect(html).toMatch(/id="receivedAt-error">Enter the date the response arrived</);
    expect(html).toMatch(new RegExp(`id="q${q2.id}-status-error">Choose an assessment for this question`));
    expect(html).not.toMatch(/must match|pattern|receivedAt:/);
    expect(html).toContain(
      'Dear coalition,\n\nWe &lt;b&gt;left&lt;/b&gt; in March; the board decides.\n\nRegards, IR</textarea>',
    );
    expect(html).toContain('value="ir@assessed.example"');
    expect(html).toContain('value="2025-06-30"');
    expect(html).toMatch(/<option value="holding" selected>/);
    expect(html).toContain('value="A note typed on question one"');
    expect(html).toContain('value="A note without an assessment"');
    expect(html).toContain('>We will leave by June</textarea>');
    expect(html).toMatch(/<option value="commitment" selected>Commitment made<\/option>/);
    expect(html).toMatch(/<option value="2" selected>/);
    expect(app.repos.dispatches.responses(dispatch.id)).toHaveLength(0);
    expect(app.repos.dispatches.latestAnswers([dispatch.id])).toHaveLength(0);
  });

  it('"only the assessments" with pasted text asks what to do instead of dropping the text', async () => {
    const { app, session, dispatch, q1 } = await setUp();
    const refused = await session.post(
      `/dispatches/${dispatch.id}/responses`,
      {
        mode: 'assess',
        receivedAt: '2025-05-12',
        kind: 'substantive',
        body: PASTED,
        [`q${q1.id}.status`]: 'answered',
      },
      `/dispatches/${dispatch.id}`,
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/id="body-error">Choose “A new response” above/);
    expect(refused.body).toContain('Regards, IR</textarea>');
    expect(refused.body).toMatch(/<input type="radio" name="mode" value="assess" checked>/);
    expect(app.repos.dispatches.latestAnswers([dispatch.id])).toHaveLength(0);
  });

  it('a question of another letter is refused and nothing is saved', async () => {
    const { app, session, dispatch } = await setUp();
    const refused = await session.post(
      `/dispatches/${dispatch.id}/responses`,
      {
        mode: 'response',
        receivedAt: '2025-05-10',
        kind: 'substantive',
        body: 'Hello',
        'q999999.status': 'answered',
      },
      `/dispatches/${dispatch.id}`,
    );
    expect(refused.statusCode).toBe(422);
    expect(app.repos.dispatches.responses(dispatch.id)).toHaveLength(0);
  });

  it('members see the assessments in words, without the form', async () => {
    const app = await buildTestApp({ clock: fixedClock('2025-05-05T09:00:00Z') });
    const f = factories(app);
    const org = f.organization();
    const company = f.company();
    const campaign = f.campaign({ organizationIds: [org.id], companyIds: [company.id] });
    const { letter, dispatches } = f.sentLetter(campaign.id, [company.id]);
    const [question] = app.repos.letters.questions(letter.id);
    app.services.dispatches.assessAnswer(
      dispatches[0]!.id,
      question!.id,
      { status: 'not_applicable' },
      f.actor,
    );
    const member = await f.member(org.id);
    const session = await browserSession(app, member.email);
    const page = await session.get(`/dispatches/${dispatches[0]!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('id="record-and-assess"');
    expect(page.body).toContain('Not applicable');
  });
});
