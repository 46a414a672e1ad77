import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, browserSession, buildTestApp, createUser } from '../../../helper.js';

function rawReply(to: string, filename: string, content: string) {
  const boundary = 'b0undary';
  return [
    'From: ir@company.example',
    `To: ${to}`,
    'Subject: Our answer',
    'Message-ID: <answer-1@company.example>',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please find our policy attached.',
    `--${boundary}`,
    `Content-Type: text/html; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(content).toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('attachments of emailed responses', () => {
  it('are downloadable by people who may see the dispatch, as downloads that cannot run in the page', async () => {
    const clock = fixedClock('2023-04-11T09:00:00Z');
    const app = await buildTestApp({ clock });
    const actor = { userId: null, label: 'test' };
    const company = app.services.companies.create({ name: 'Attaching Corp', country: 'GB' }, actor);
    const campaign = app.services.campaigns.create({ name: 'With files' }, actor);
    const letter = app.services.letters.create(
      campaign.id,
      { title: 'T', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: [company.id] },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    const dispatch = app.services.sending.send(letter.id, { channel: 'post' }, actor).dispatches[0]!;
    clock.set('2023-04-12T09:00:00Z');
    const outcome = await app.services.inbound.receive(
      rawReply(
        `reply+${dispatch.replyToken}@docket.test`,
        'Policy "2023" <b>.html',
        '<script>alert(1)</script>',
      ),
    );
    expect(outcome.status).toBe('matched');
    const response = app.repos.dispatches.responses(dispatch.id)[0]!;
    const [file] = app.repos.inbound.attachmentsOfResponse(response.id);

    const staff = await apiUser(app, 'staff');
    const download = await app.inject({ url: `/api/attachments/${file!.id}`, headers: staff.headers });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('<script>alert(1)</script>');
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(file!.filename).toContain('<b>');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="[^"\\]*"; filename\*=UTF-8''\S+$/,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    const outsider = await apiUser(app, 'member');
    expect(
      (await app.inject({ url: `/api/attachments/${file!.id}`, headers: outsider.headers })).statusCode,
    ).toBe(403);
    expect((await app.inject({ url: '/api/attachments/999', headers: staff.headers })).statusCode).toBe(404);

    const session = await browserSession(app, (await createUser(app, 'staff')).email);
    const page = await session.get(`/dispatches/${dispatch.id}`);
    expect(page.body).toContain(`href="/api/attachments/${file!.id}" download>`);
    expect(page.body).toContain('&lt;b&gt;.html</a>');
    expect(page.body).not.toContain('<b>.html');
  });
});
