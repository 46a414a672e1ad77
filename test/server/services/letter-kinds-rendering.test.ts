import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { docxText, pdfText } from '../../export-fixture.js';
import { apiUser, buildTestApp, type TestApp } from '../../helper.js';

const COMPANY = 'ООО «Ромашка» & "Partners"';
const TITLE = 'Coalition letter on {{company.name}} business in Russia';
const QUESTIONS = ['Will {{company.name}} leave Russia?', 'What is the exposure of {{company.name}} today?'];
const KINDS = ['initial', 'follow_up', 'reminder', 'escalation'] as const;

interface Rendered {
  subject: string;
  text: string;
  html: string;
  docxXml: string;
  docxText: string;
  pdfText: string;
}

/** Every built-in letter kind, sent by email to one company with a tricky name; what each output shows. */
describe('built-in letters rendered for a company', () => {
  let app: TestApp;
  const outputs = new Map<string, Rendered>();

  beforeAll(async () => {
    const clock = fixedClock('2023-04-10T09:00:00Z');
    app = await buildTestApp({ clock });
    const coordinator = (await apiUser(app, 'coordinator')).headers;
    const call = async (method: string, url: string, body?: object) => {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: coordinator,
        ...(body && { payload: body }),
      });
      if (response.statusCode >= 400) throw new Error(`${method} ${url}: ${response.body}`);
      return response;
    };
    const json = async (method: string, url: string, body?: object) => (await call(method, url, body)).json();
    const company = await json('POST', '/api/companies', {
      name: COMPANY,
      country: 'RU',
      contacts: [{ function: 'ir', email: 'ir@romashka.example' }],
    });
    const org = await json('POST', '/api/organizations', {
      name: 'Example Pension Fund',
      kind: 'asset_owner',
      country: 'GB',
      aumUsd: 5_000_000_000,
    });
    const campaign = await json('POST', '/api/campaigns', {
      name: 'Responsible exit from Russia',
      organizationIds: [org.id],
      companyIds: [company.id],
    });
    const signAndSend = async (letterId: number) => {
      await json('POST', `/api/letters/${letterId}/sign-on`, { closesAt: '2030-01-01T00:00:00Z' });
      await json('POST', `/api/letters/${letterId}/signatures`, {
        organizationId: org.id,
        signerName: 'Ann Signer',
      });
      await json('POST', `/api/letters/${letterId}/close-sign-on`);
      await json('POST', `/api/letters/${letterId}/approve`);
      const sent = await json('POST', `/api/letters/${letterId}/send`, { channel: 'email' });
      return sent.dispatches[0].id as number;
    };
    const collect = async (kind: string, letterId: number, dispatchId: number) => {
      const preview = await json('GET', `/api/letters/${letterId}/preview?companyId=${company.id}`);
      const email = app.repos.outbox.list().find((m) => m.dispatchId === dispatchId)!;
      const docx = docxText(
        new Uint8Array((await call('GET', `/api/dispatches/${dispatchId}/letter.docx`)).rawPayload),
      );
      const pdf = await pdfText(
        new Uint8Array((await call('GET', `/api/dispatches/${dispatchId}/letter.pdf`)).rawPayload),
      );
      outputs.set(`${kind} preview`, { ...preview, docxXml: docx.xml, docxText: docx.text, pdfText: pdf });
      outputs.set(`${kind} email`, {
        subject: email.subject,
        text: email.text,
        html: email.html ?? '',
        docxXml: docx.xml,
        docxText: docx.text,
        pdfText: pdf,
      });
    };

    const initialTemplate = app.services.templates.letterTemplate('initial');
    const initial = await json('POST', `/api/campaigns/${campaign.id}/letters`, {
      title: TITLE,
      body: initialTemplate.body,
      questions: QUESTIONS,
      companyIds: [company.id],
    });
    const initialDispatch = await signAndSend(initial.id);
    await collect('initial', initial.id, initialDispatch);
    clock.set('2023-04-14T09:00:00Z');
    await json('POST', `/api/dispatches/${initialDispatch}/responses`, {
      receivedAt: '2023-04-14T08:00:00Z',
      kind: 'holding',
      body: 'We will answer by the end of May.',
      promisedAt: '2023-05-31',
    });
    for (const kind of KINDS.slice(1)) {
      clock.set(`2023-06-0${KINDS.indexOf(kind)}T09:00:00Z`);
      const drafted = await json('POST', `/api/letters/${initial.id}/follow-up`, { kind });
      const dispatchId = await signAndSend(drafted.id);
      await collect(kind, drafted.id, dispatchId);
    }
  }, 120_000);

  for (const kind of KINDS) {
    for (const channel of ['preview', 'email']) {
      it(`${kind} (${channel}): every variable filled, questions before the sign-off, signatories after it`, () => {
        const out = outputs.get(`${kind} ${channel}`)!;
        for (const [name, value] of Object.entries(out)) {
          expect(value, name).not.toContain('{{');
          expect(value, name).not.toContain('company.name');
        }
        expect(out.subject).toContain(COMPANY);
        expect(out.text).not.toMatch(/\*\*|^#/m);

        const question = /Will ООО «Ромашка» & "Partners" leave Russia\?/;
        const order = (text: string) => {
          const asked = text.search(question);
          const signOff = text.indexOf('Yours sincerely,');
          const signatories = text.indexOf('Example Pension Fund');
          expect(asked, text).toBeGreaterThan(0);
          expect(signOff).toBeGreaterThan(asked);
          expect(signatories).toBeGreaterThan(signOff);
        };
        order(out.text);
        order(out.docxText);
        order(out.pdfText.replace(/\s+/g, ' '));
        expect(
          out.html.search(/Will ООО «Ромашка» &amp; (&quot;|")Partners(&quot;|") leave Russia\?/),
        ).toBeLessThan(out.html.indexOf('Yours sincerely,'));
        expect(out.html.indexOf('Yours sincerely,')).toBeLessThan(out.html.indexOf('Example Pension Fund'));

        // The two-line sign-off stays on two lines in every format.
        expect(out.text).toContain('Yours sincerely,\nThe members of Responsible exit from Russia');
        expect(out.html).toMatch(/Yours sincerely,<br\s*\/?>\s*The members of Responsible exit from Russia/);
        expect(out.pdfText).toMatch(/Yours sincerely,\s*\n\s*The members of Responsible exit from Russia/);
        expect(out.docxXml).toMatch(
          /Yours sincerely,<\/w:t><\/w:r><w:r>(<w:rPr>.*?<\/w:rPr>)?<w:br\/><w:t[^>]*>The members of/,
        );
      });
    }
  }

  it('a follow-up names the earlier letter as the company received it, and the promised date', () => {
    const followUp = outputs.get('follow_up preview')!;
    expect(followUp.subject).toBe(`Follow-up: Coalition letter on ${COMPANY} business in Russia`);
    expect(followUp.text).toContain(
      'On 10 April 2023 the members of Responsible exit from Russia wrote to you',
    );
    expect(followUp.text).toContain('you would answer by 31 May 2023');
    expect(followUp.text).toMatch(/1\. Will ООО/);
    expect(followUp.text).toMatch(/2\. What is the exposure of ООО/);
  });
});

describe('questions are checked like the body', () => {
  it('refuses a question with an unknown variable, naming the question, line and column', async () => {
    const app = await buildTestApp({ clock: fixedClock('2023-04-10T09:00:00Z') });
    const staff = (await apiUser(app, 'staff')).headers;
    const coordinator = (await apiUser(app, 'coordinator')).headers;
    const campaign = (
      await app.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: coordinator,
        payload: { name: 'C' },
      })
    ).json();
    const response = await app.inject({
      method: 'POST',
      url: `/api/campaigns/${campaign.id}/letters`,
      headers: staff,
      payload: {
        title: 'T',
        body: 'Dear {{company.name}},',
        questions: ['Fine?', 'Line one\nand {{company.nmae}}?'],
        companyIds: [],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('questions.1: line 2, column 7: unknown variable "company.nmae"');
    expect(app.repos.letters.listForCampaign(campaign.id)).toHaveLength(0);
  });
});
