import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { buildTestApp } from '../../helper.js';
import { startInboundFixture } from './fixtures/inbound.js';

const clock = fixedClock('2026-03-02T09:00:00.000Z');
const app = await buildTestApp({ clock });
const { smtp } = await startInboundFixture(app);

const actor = { userId: null, label: 'test' };
let counter = 0;
function sentDispatch() {
  counter++;
  const company = app.services.companies.create(
    {
      name: `Charset Co ${counter}`,
      country: 'RU',
      contacts: [{ function: 'ir', email: `ir@charset${counter}.example` }],
    },
    actor,
  );
  const campaign = app.services.campaigns.create({ name: `Charsets ${counter}` }, actor);
  const letter = app.services.letters.create(
    campaign.id,
    {
      title: `Letter ${counter}`,
      body: 'Dear {{company.name}}',
      questions: ['Q?'],
      companyIds: [company.id],
    },
    actor,
  );
  app.services.letters.approve(letter.id, actor);
  const dispatch = app.services.sending.send(letter.id, {}, actor).dispatches[0]!;
  return { dispatch, reply: `reply+${dispatch.replyToken}@docket.test` };
}

/** Bytes as a mail client in that charset writes them: headers and body, no MIME encoding of the headers. */
function rawMessage(headers: string[], body: Buffer, headerEncode: (s: string) => Buffer) {
  return Buffer.concat([headerEncode(`${headers.join('\r\n')}\r\n\r\n`), body, Buffer.from('\r\n')]);
}

function encode(text: string, charset: 'windows-1251' | 'latin1' | 'koi8-r'): Buffer {
  return iconv.encode(text, charset);
}

async function receive(raw: Buffer) {
  const { dispatch, reply } = sentDispatch();
  await smtp.sendMail({ envelope: { from: 'sender@charset.example', to: [reply] }, raw });
  const detail = app.services.dispatches.detail(app.services.dispatches.get(dispatch.id));
  expect(detail.responses).toHaveLength(1);
  return detail.responses[0]!;
}

describe('charsets of real-world replies', () => {
  it('reads 8-bit headers written in windows-1251', async () => {
    const russian = 'Ответ на ваше письмо о деятельности в России';
    const raw = rawMessage(
      [
        'From: Отдел по связям с инвесторами <ir@charset.example>',
        'To: someone@docket.test',
        `Subject: ${russian}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=windows-1251',
        'Content-Transfer-Encoding: 8bit',
      ],
      encode('Мы прекратили деятельность в России в 2023 году.', 'windows-1251'),
      (s) => encode(s, 'windows-1251'),
    );
    const response = await receive(raw);
    expect(response.subject).toBe(russian);
    expect(response.fromAddress).toBe('Отдел по связям с инвесторами <ir@charset.example>');
    expect(response.body).toContain('Мы прекратили деятельность в России в 2023 году.');
  });

  it('reads a body labelled ISO-8859-1 that is really windows-1252 (curly quotes, dashes, euro)', async () => {
    const body = Buffer.concat([
      Buffer.from('Our ', 'latin1'),
      Buffer.from([0x93]),
      Buffer.from('exit plan', 'latin1'),
      Buffer.from([0x94]),
      Buffer.from(' ', 'latin1'),
      Buffer.from([0x96]),
      Buffer.from(' cost ', 'latin1'),
      Buffer.from([0x80]),
      Buffer.from('2m; M\xfcnchen office closed.', 'latin1'),
    ]);
    const raw = rawMessage(
      [
        'From: ir@charset.example',
        'To: someone@docket.test',
        'Subject: Re: letter',
        'Content-Type: text/plain; charset=ISO-8859-1',
        'Content-Transfer-Encoding: 8bit',
      ],
      body,
      (s) => Buffer.from(s, 'latin1'),
    );
    const response = await receive(raw);
    expect(response.body).toContain('Our “exit plan” – cost €2m; München office closed.');
  });

  it('detects the charset of a body that declares none', async () => {
    const text =
      'Уважаемые коллеги, благодарим вас за письмо. Компания полностью вышла с российского рынка, ' +
      'все активы проданы местному покупателю, и мы больше не ведём там никакой деятельности.';
    const raw = rawMessage(
      ['From: ir@charset.example', 'To: someone@docket.test', 'Subject: Re: letter'],
      encode(text, 'koi8-r'),
      (s) => Buffer.from(s, 'latin1'),
    );
    const response = await receive(raw);
    expect(response.body).toContain(text);
  });

  it('stores an HTML-only reply as readable text with its paragraphs', async () => {
    const raw = rawMessage(
      [
        'From: ir@charset.example',
        'To: someone@docket.test',
        'Subject: Re: letter',
        'Content-Type: text/html; charset=utf-8',
      ],
      Buffer.from(
        '<html><body><p>Dear coalition,</p><p>We answer your <b>three</b> questions.<br>First: yes.</p><div>Kind regards</div></body></html>',
      ),
      (s) => Buffer.from(s),
    );
    const response = await receive(raw);
    expect(response.body).toBe(
      'Dear coalition,\n\nWe answer your three questions.\nFirst: yes.\n\nKind regards',
    );
  });

  it('reads the HTML part when the plain-text part is empty: no styles, entities decoded, lists kept', async () => {
    const raw = rawMessage(
      [
        'From: ir@charset.example',
        'To: someone@docket.test',
        'Subject: Re: letter',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="b1"',
      ],
      Buffer.from(
        [
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          ' ',
          '--b1',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<html><head><style>p { color: red }</style><script>alert(1)</script></head><body>',
          '<p>Answers &amp; commitments &#8211; 2026</p><ol><li>Exit completed</li><li>No new investment</li></ol>',
          '</body></html>',
          '--b1--',
          '',
        ].join('\r\n'),
      ),
      (s) => Buffer.from(s),
    );
    const response = await receive(raw);
    expect(response.body).toContain('Answers & commitments – 2026');
    expect(response.body).toMatch(/1\. Exit completed\n\s*2\. No new investment/);
    expect(response.body).not.toMatch(/color|alert/);
  });
});
