import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { apiUser, buildTestApp } from '../../helper.js';

describe('a follow-up edited as prose around generated per-company blocks', () => {
  it('built-in letters carry no block syntax; each company’s copy gets its own open questions, earlier letter and promise', async () => {
    const clock = fixedClock('2023-04-11T09:00:00Z');
    const app = await buildTestApp({ clock });
    for (const kind of ['initial', 'follow_up', 'reminder', 'escalation'] as const) {
      const body = app.services.templates.letterTemplate(kind).body;
      expect(body, kind).not.toMatch(/\{\{\s*[#/^]|\{\{\s*else/);
    }
    const coordinator = (await apiUser(app, 'coordinator')).headers;
    const call = async (method: string, url: string, payload?: object) => {
      const response = await app.inject({
        method: method as 'POST',
        url,
        headers: coordinator,
        ...(payload && { payload }),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
      return response.json();
    };
    const alpha = await call('POST', '/api/companies', { name: 'Alpha & Co', country: 'GB', contacts: [] });
    const beta = await call('POST', '/api/companies', { name: 'Бета', country: 'RU', contacts: [] });
    const campaign = await call('POST', '/api/campaigns', { name: 'Exit', responseDays: 14 });
    const initial = await call('POST', `/api/campaigns/${campaign.id}/letters`, {
      title: 'Questions to {{company.name}}',
      body: 'Dear {{company.name}},',
      questions: ['First?', 'Second for {{company.name}}?', 'Third?'],
      companyIds: [alpha.id, beta.id],
    });
    await call('POST', `/api/letters/${initial.id}/approve`);
    const sent = await call('POST', `/api/letters/${initial.id}/send`, { channel: 'post' });
    const alphaDispatch = sent.dispatches.find((d: { companyId: number }) => d.companyId === alpha.id);
    const [q1, , q3] = alphaDispatch.questions as { id: number }[];
    clock.set('2023-04-20T09:00:00Z');
    await call('POST', `/api/dispatches/${alphaDispatch.id}/responses`, {
      receivedAt: '2023-04-20T08:00:00Z',
      kind: 'holding',
      body: 'More by June.',
      promisedAt: '2023-06-01',
      answers: [
        { questionId: q1!.id, status: 'answered', quality: 2 },
        { questionId: q3!.id, status: 'commitment', quality: 1 },
      ],
    });

    const followUp = await call('POST', `/api/letters/${initial.id}/follow-up`, {});
    expect(followUp.body).not.toMatch(/\{\{\s*[#/^]|\{\{\s*else/);
    // The coordinator rewrites the prose; the generated blocks stay where they are.
    const edited = followUp.body.replace(
      'We would be grateful for your answers {{responseDue}}.',
      'Please answer {{responseDue}}; we intend to publish the responses.',
    );
    expect(edited).not.toBe(followUp.body);
    await call('PATCH', `/api/letters/${followUp.id}`, { body: edited });

    const preview = async (companyId: number) =>
      (await call('GET', `/api/letters/${followUp.id}/preview?companyId=${companyId}`)).text as string;
    const forAlpha = await preview(alpha.id);
    expect(forAlpha).toContain('2. Second for Alpha & Co?');
    expect(forAlpha).not.toMatch(/^1\. |^3\. /m);
    expect(forAlpha).toContain('1 question remains open. We repeat it below with its original number.');
    expect(forAlpha).toContain('In your holding reply you told us you would answer by 1 June 2023.');
    expect(forAlpha).toContain(
      'On 11 April 2023 the members of Exit wrote to you (“Questions to Alpha & Co”)',
    );
    expect(forAlpha).toContain(
      'Please answer within 14 days of this letter; we intend to publish the responses.',
    );

    const forBeta = await preview(beta.id);
    expect(forBeta).toMatch(/1\. First\?\n2\. Second for Бета\?\n3\. Third\?/);
    expect(forBeta).toContain('3 questions remain open.');
    expect(forBeta).not.toContain('holding reply');
    expect(forBeta).toContain('(“Questions to Бета”) and asked for your answers by 25 April 2023.');
  }, 60_000);
});
