import { unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { fixedClock } from '../server/lib/clock.js';
import { apiUser, buildTestApp, createUser, type TestApp } from './helper.js';

/** A question as one company reads it: its variables filled in. */
export const askedOf = (question: string, companyName: string) =>
  question.replace('{{company.name}}', companyName);

/** Names that break naive exports: markup, Handlebars braces, quotes, ampersands, Cyrillic and Chinese. */
export const TRICKY = {
  att: 'AT&T "Quoted" <script>alert(1)</script> {{company.name}}',
  gazprom: 'Газпром',
  shanghai: '上海微创软件',
};

export const QUESTIONS = [
  'Has the company <script>alert(1)</script> reconsidered the "practices" of AT&T & partners?',
  'Will {{company.name}} answer by the deadline?',
  'Каковы планы компании Сбербанк в России?',
  '上海微创软件在俄罗斯的业务计划是什么？',
];

async function call(
  app: TestApp,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: object,
) {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(body && { payload: body }),
  });
  if (response.statusCode >= 400)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/**
 * A campaign with one letter sent (by post) on 11 Apr 2023 to three companies with tricky names,
 * signed by two organisations; a member inside the campaign and one outside it.
 */
export async function buildSentLetter() {
  const clock = fixedClock('2023-04-10T09:00:00Z');
  const app = await buildTestApp({ clock });
  const staff = (await apiUser(app, 'staff')).headers;
  const coordinator = (await apiUser(app, 'coordinator')).headers;
  const company = async (name: string, country: string) =>
    (await call(app, 'POST', '/api/companies', staff, { name, country, contacts: [] })).id as number;
  const org = async (name: string) =>
    (await call(app, 'POST', '/api/organizations', coordinator, { name, kind: 'ngo', country: 'GB' }))
      .id as number;
  const companies = {
    att: await company(TRICKY.att, 'US'),
    gazprom: await company(TRICKY.gazprom, 'RU'),
    shanghai: await company(TRICKY.shanghai, 'CN'),
  };
  const ngo = await org('Правозащитный центр «Мемориал» & Friends');
  const other = await org('Other Coalition');
  const campaign = await call(app, 'POST', '/api/campaigns', coordinator, {
    name: 'Responsible exit from Russia',
    responseDays: 14,
    dayCount: 'calendar',
    organizationIds: [ngo],
  });
  const memberUser = await createUser(app, 'member');
  app.repos.users.update(memberUser.id, { organizationId: ngo });
  const outsiderUser = await createUser(app, 'member');
  app.repos.users.update(outsiderUser.id, { organizationId: other });
  const memberToken = app.services.auth.createApiToken(memberUser.id, 'test');
  const outsiderToken = app.services.auth.createApiToken(outsiderUser.id, 'test');

  const letter = await call(app, 'POST', `/api/campaigns/${campaign.id}/letters`, staff, {
    title: 'Your business in Russia',
    body: 'Dear {{company.name}} board,\n\nWe write on behalf of the **coalition** about *your* operations in Russia.',
    questions: QUESTIONS,
    companyIds: Object.values(companies),
  });
  await call(app, 'POST', `/api/letters/${letter.id}/sign-on`, coordinator, {
    closesAt: '2023-04-10T18:00:00Z',
  });
  await call(app, 'POST', `/api/letters/${letter.id}/signatures`, coordinator, {
    organizationId: ngo,
    signerName: 'Анна Петрова',
    signerTitle: 'Director',
  });
  await call(app, 'POST', `/api/letters/${letter.id}/close-sign-on`, coordinator);
  await call(app, 'POST', `/api/letters/${letter.id}/approve`, coordinator);
  clock.set('2023-04-11T09:30:00Z');
  const sent = await call(app, 'POST', `/api/letters/${letter.id}/send`, coordinator, { channel: 'post' });
  const dispatchOf = (companyId: number) =>
    (sent.dispatches as { id: number; companyId: number }[]).find((d) => d.companyId === companyId)!.id;
  const draft = await call(app, 'POST', `/api/campaigns/${campaign.id}/letters`, staff, {
    title: 'Not sent yet',
    body: 'Dear {{company.name}},',
    questions: ['One?'],
    companyIds: [companies.gazprom],
  });
  return {
    app,
    letterId: letter.id as number,
    draftLetterId: draft.id as number,
    companies,
    dispatches: {
      att: dispatchOf(companies.att),
      gazprom: dispatchOf(companies.gazprom),
      shanghai: dispatchOf(companies.shanghai),
    },
    headers: {
      staff,
      coordinator,
      member: { authorization: `Bearer ${memberToken}` },
      outsider: { authorization: `Bearer ${outsiderToken}` },
    },
    memberEmail: memberUser.email,
  };
}

/** The text of every page, read back with pdf.js; runs joined, white space collapsed. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    for (const item of content.items) {
      if ('str' in item) lines.push(item.str, item.hasEOL ? '\n' : '');
    }
  }
  await document.destroy();
  return lines.join('').replace(/[ \t]+/g, ' ');
}

/** The visible text of a DOCX: the runs of word/document.xml with XML entities decoded. */
export function docxText(docx: Uint8Array): { xml: string; text: string } {
  const xml = new TextDecoder().decode(unzipSync(docx)['word/document.xml']);
  const text = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map((t) => t[1]!)
        .join('')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .join('\n');
  return { xml, text };
}
