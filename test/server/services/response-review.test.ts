import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { apiUser, browserSession, buildTestApp, createUser } from '../../helper.js';

describe('reviewing a response', () => {
  it('reclassifies an emailed reply and recomputes the dispatch from all its responses', async () => {
    const clock = fixedClock('2023-04-11T09:00:00Z');
    const app = await buildTestApp({ clock });
    const actor = { userId: null, label: 'test' };
    const company = app.services.companies.create({ name: 'Replying Corp', country: 'GB' }, actor);
    const campaign = app.services.campaigns.create({ name: 'Review' }, actor);
    const letter = app.services.letters.create(
      campaign.id,
      { title: 'T', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: [company.id] },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    const dispatch = app.services.sending.send(letter.id, { channel: 'post' }, actor).dispatches[0]!;
    clock.set('2023-04-20T09:00:00Z');
    const response = app.services.dispatches.recordResponse(
      dispatch.id,
      { receivedAt: '2023-04-18', kind: 'substantive', body: 'We will answer by mid-May.' },
      actor,
      'email',
    );
    expect(response.reviewed).toBe(false);
    // Issue 12: an emailed response changes nothing until it is reviewed.
    expect(app.repos.dispatches.findById(dispatch.id)!.status).toBe('sent');

    const { headers } = await apiUser(app, 'staff');
    const reviewed = await app.inject({
      method: 'PATCH',
      url: `/api/responses/${response.id}`,
      headers,
      payload: { kind: 'holding', reviewed: true },
    });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({ kind: 'holding', reviewed: true });
    const after = app.repos.dispatches.findById(dispatch.id)!;
    expect(after).toMatchObject({ status: 'acknowledged', dueAt: '2023-06-10', secondDueAt: '2023-06-10' });
    expect(after.dueExplanation).toContain('holding reply received 18 Apr 2023; 60 days from 11 Apr 2023');

    const autoReply = await app.inject({
      method: 'PATCH',
      url: `/api/responses/${response.id}`,
      headers,
      payload: { kind: 'auto_reply' },
    });
    expect(autoReply.statusCode).toBe(200);
    expect(app.repos.dispatches.findById(dispatch.id)).toMatchObject({
      status: 'sent',
      firstResponseAt: null,
    });
    const types = app.repos.events.listForDispatch(dispatch.id).map((e) => e.type);
    expect(types.filter((t) => t === 'response.reviewed')).toHaveLength(2);

    expect(
      (await app.inject({ method: 'PATCH', url: `/api/responses/${response.id}`, headers, payload: {} }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'PATCH', url: '/api/responses/999', headers, payload: { reviewed: true } }))
        .statusCode,
    ).toBe(404);
    const member = await apiUser(app, 'member');
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: `/api/responses/${response.id}`,
          headers: member.headers,
          payload: { reviewed: true },
        })
      ).statusCode,
    ).toBe(403);

    const session = await browserSession(app, (await createUser(app, 'staff')).email);
    const page = await session.get(`/dispatches/${dispatch.id}`);
    expect(page.body).toContain('Change kind');
    const form = await session.post(
      `/responses/${response.id}/review`,
      { kind: 'substantive' },
      `/dispatches/${dispatch.id}`,
    );
    expect(form.statusCode).toBe(302);
    expect(app.repos.dispatches.findById(dispatch.id)!.status).toBe('responded');
  });
});
