import type { DispatchRow, Repositories } from '../../db/repositories/index.js';
import type { ANSWER_STATUSES, SIGNATORY_ROLES } from '../../db/schema.js';
import type { Config } from '../config.js';
import { ConflictError } from '../errors.js';
import { addDays, dateInZone } from '../lib/calendar-dates.js';
import { fixedClock, systemClock } from '../lib/clock.js';
import type { MailTransport } from '../lib/mail-transport.js';
import { createServices } from '../plugins/app/services.js';
import type { CampaignInput } from '../schemas/campaigns.js';
import type { CompanyInput } from '../schemas/companies.js';
import type { ResponseInput } from '../schemas/dispatches.js';
import type { LetterInput, SignatureInput } from '../schemas/letters.js';
import type { OrganizationInput } from '../schemas/organizations.js';
import type { Actor } from './actor.js';
import type { ResponseKind } from './dispatch-status.js';

/**
 * `docket seed-demo`: the demo data set of DOMAIN.md §5, loaded through the services as if a
 * coordinator had done the work in 2022–2024, so that every page has something to show.
 */

export const DEMO_ACTOR: Actor = { userId: null, label: 'demo data' };

export const ILLUSTRATIVE_NOTE =
  'Demo data (illustrative): the member organisations and their signers are fictional; the companies’ responses and their AGM and proxy-statement dates are illustrative, not real disclosures.';

const NOTE = '(Illustrative demo text: not the company’s actual reply.)';

export interface DemoSummary {
  organizations: number;
  companies: number;
  campaigns: number;
  letters: number;
  dispatches: number;
  responses: number;
  campaignId: number;
  letterIds: { microsoft: number; round: number; followUp: number; wicresoft: number };
}

const ORGANIZATIONS: (OrganizationInput & { key: string })[] = [
  { key: 'ngo', name: 'Example Rights Watch', kind: 'ngo', country: 'GB' },
  { key: 'union', name: "Example Workers' Union", kind: 'union', country: 'DE' },
  { key: 'faith', name: 'Example Faith Investors', kind: 'faith_group', country: 'US' },
  { key: 'pension', name: 'Example Pension Fund', kind: 'asset_owner', country: 'NL', aumUsd: 85e9 },
  { key: 'manager', name: 'Example Asset Management', kind: 'asset_manager', country: 'GB', aumUsd: 240e9 },
];

/** An illustrative AGM (month-day) and, for US issuers, how many days before it the proxy statement comes out. */
interface DemoCompany extends Omit<CompanyInput, 'lastAgmDate' | 'nextAgmDate' | 'lastProxyDate'> {
  key: string;
  agm: string;
  proxyDaysBefore?: number;
}

const contacts = (domain: string, ...extra: NonNullable<CompanyInput['contacts']>) => [
  { name: 'Investor Relations', function: 'ir' as const, email: `investor.relations@${domain}` },
  ...extra,
];

const COMPANIES: DemoCompany[] = [
  {
    key: 'microsoft',
    name: 'Microsoft',
    country: 'US',
    sector: 'Technology',
    ticker: 'MSFT',
    isin: 'US5949181045',
    website: 'https://www.microsoft.com',
    jurisdiction: 'US',
    agm: '12-05',
    proxyDaysBefore: 42,
    contacts: contacts('microsoft.example', {
      name: 'Corporate Secretary',
      function: 'secretary',
      email: 'corporate.secretary@microsoft.example',
    }),
  },
  {
    key: 'raiffeisen',
    name: 'Raiffeisen Bank International',
    country: 'AT',
    sector: 'Banking',
    ticker: 'RBI',
    isin: 'AT0000606306',
    website: 'https://www.rbinternational.com',
    jurisdiction: 'AT',
    agm: '03-30',
    contacts: contacts('rbinternational.example', {
      name: 'Group Sustainability',
      function: 'sustainability',
      email: 'sustainability@rbinternational.example',
    }),
  },
  {
    key: 'heidelberg',
    name: 'HeidelbergCement',
    country: 'DE',
    sector: 'Materials',
    ticker: 'HEI',
    isin: 'DE0006047004',
    website: 'https://www.heidelbergmaterials.com',
    jurisdiction: 'DE',
    agm: '05-12',
    contacts: contacts('heidelbergcement.example'),
  },
  {
    key: 'airbus',
    name: 'Airbus',
    country: 'FR',
    sector: 'Aerospace & Defence',
    ticker: 'AIR',
    isin: 'NL0000235190',
    website: 'https://www.airbus.com',
    jurisdiction: 'NL',
    agm: '04-10',
    contacts: contacts('airbus.example', {
      name: 'Company Secretary',
      function: 'secretary',
      email: 'company.secretary@airbus.example',
    }),
  },
  {
    key: 'schlumberger',
    name: 'Schlumberger',
    country: 'US',
    sector: 'Energy',
    ticker: 'SLB',
    isin: 'AN8068571086',
    website: 'https://www.slb.com',
    jurisdiction: 'US',
    agm: '04-02',
    proxyDaysBefore: 42,
    contacts: contacts('slb.example'),
  },
  {
    key: 'jpmorgan',
    name: 'JPMorgan Chase',
    country: 'US',
    sector: 'Banking',
    ticker: 'JPM',
    isin: 'US46625H1005',
    website: 'https://www.jpmorganchase.com',
    jurisdiction: 'US',
    agm: '05-20',
    proxyDaysBefore: 45,
    contacts: contacts('jpmorganchase.example', {
      name: 'Office of the Secretary',
      function: 'secretary',
      email: 'corporate.secretary@jpmorganchase.example',
    }),
  },
  {
    key: 'cisco',
    name: 'Cisco',
    country: 'US',
    sector: 'Technology',
    ticker: 'CSCO',
    isin: 'US17275R1023',
    website: 'https://www.cisco.com',
    jurisdiction: 'US',
    agm: '12-09',
    proxyDaysBefore: 45,
    contacts: contacts('cisco.example'),
  },
  {
    key: 'unilever',
    name: 'Unilever',
    country: 'GB',
    sector: 'Consumer Goods',
    ticker: 'ULVR',
    isin: 'GB00B10RZP78',
    website: 'https://www.unilever.com',
    jurisdiction: 'GB',
    agm: '05-01',
    contacts: contacts('unilever.example', {
      name: 'Group Secretary',
      function: 'secretary',
      email: 'group.secretary@unilever.example',
    }),
  },
  {
    key: 'nestle',
    name: 'Nestlé',
    country: 'CH',
    sector: 'Consumer Goods',
    ticker: 'NESN',
    isin: 'CH0038863350',
    website: 'https://www.nestle.com',
    jurisdiction: 'CH',
    agm: '04-16',
    contacts: contacts('nestle.example'),
  },
];

const CAMPAIGN_DESCRIPTION = `Letters from the coalition's member organisations to companies that continue to do business in Russia, modelled on the B4Ukraine Coalition's letters (2022–2023), which the Business & Human Rights Resource Centre published with the companies' responses.

${ILLUSTRATIVE_NOTE}`;

const MICROSOFT_QUESTIONS = [
  'Has Microsoft reconsidered the business practices that led to the sanctions violations?',
  'What policies and practices has it put in place to prevent such breaches from recurring?',
  "What is the current exposure of Microsoft's business in Russia?",
];

const MICROSOFT_BODY = `Dear members of the Board of {{company.name}},

We write on behalf of the B4Ukraine Coalition, more than 90 civil-society organisations, to ask for an urgent dialogue about possible inconsistencies between {{company.name}}'s obligations under international humanitarian and human rights law and its continuing business in Russia.

We recognise the steps the company has announced:

- {{company.name}} suspended new sales in Russia on **4 March 2022**;
- in **June 2022** it announced further cuts, while continuing to honour existing contracts;
- Russian users reportedly lost access to Windows updates in **September 2022**, and had regained it by **December 2022**.

We are also concerned by the company's record on sanctions. {{company.name}} paid a fine of over **US$3 million** for sanctions breaches: about US$12 million of sales to blacklisted parties between December 2016 and December 2017, made through an indirect resale model.

We would be grateful for your answers to the questions below within {{campaign.responseDays}} days. The Business & Human Rights Resource Centre will publish this letter with your response, or note that none was received.`;

const ROUND_QUESTIONS = [
  'Does the company still have operations, sales, suppliers or investments in Russia, and what is their current extent?',
  'What heightened human rights due diligence has the company carried out on its Russian business since February 2022?',
  'Will the company suspend or end its Russian operations, and on what timeline and terms for affected workers?',
];

const ROUND_BODY = `Dear {{company.name}},

Russia's full-scale invasion of Ukraine has caused grave violations of international humanitarian and human rights law. Companies that continue to operate in Russia risk contributing to those violations, through taxes paid, goods and services supplied and the legitimacy they lend.

The members of the B4Ukraine Coalition invite {{company.name}} to explain its position. The Business & Human Rights Resource Centre will publish your response in full, or record that you did not respond.

Please answer the questions below within {{campaign.responseDays}} days.`;

const FOLLOW_UP_BODY = `Dear {{company.name}},

On {{formatDate previousLetter.sentAt}} the coalition wrote to you about your business in Russia. We thank the companies that replied; your answers have not yet addressed the questions below, which remain open.

We would be grateful for a full answer within {{campaign.responseDays}} days. Responses and non-responses will be published on our public tracker.`;

const WICRESOFT_QUESTIONS = [
  'Does Microsoft’s sanctions screening cover affiliates it does not control, such as Shanghai Wicresoft?',
  'Does Microsoft know of Wicresoft’s work for sanctioned parties, including SenseTime, CloudWalk and iFlyTek?',
  'Will Microsoft divest its stake in Wicresoft, or use its influence as a shareholder to end that work?',
];

const WICRESOFT_BODY = `Dear members of the Board of {{company.name}},

Reports published in 2024 state that {{company.name}} held **22%** of Shanghai Wicresoft Co. Ltd. as of late 2023, a joint venture with the venture-capital arm of the Shanghai municipal government.

According to the same reports, Wicresoft's clients include three companies under US sanctions:

- **SenseTime**, on OFAC's Chinese Military-Industrial Complex list;
- **CloudWalk**, added to that list in December 2021 over the surveillance of ethnic minorities;
- **iFlyTek**, sanctioned in October 2019 over the oppression of Uyghurs.

Following our letter of 11 April 2023 on {{company.name}}'s sanctions compliance, we ask:`;

// The schemas' Static types of `Type.Union(LIST.map(Type.Literal))` resolve to `never` (typebox wants a
// tuple there), so the demo spells its inputs with these types and casts once at the service call.
type DemoResponse = Omit<ResponseInput, 'kind' | 'answers'> & {
  kind: ResponseKind;
  answers?: {
    questionId: number;
    status: (typeof ANSWER_STATUSES)[number];
    quality?: number;
    note?: string;
    excerpt?: string;
  }[];
};
type DemoLetter = Omit<LetterInput, 'kind'> & {
  kind?: 'initial' | 'follow_up';
  parentLetterId?: number;
  questionOrigins?: number[];
};
type DemoCampaign = Omit<CampaignInput, 'dayCount'> & { dayCount: 'calendar' | 'working' };
type DemoSignature = Omit<SignatureInput, 'signatoryRole'> & {
  signatoryRole?: (typeof SIGNATORY_ROLES)[number];
};

/** The next and last occurrence of an illustrative month-day around `today`. */
function agmDates(monthDay: string, today: string, proxyDaysBefore?: number) {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${monthDay}`;
  const nextAgmDate = thisYear > today ? thisYear : `${year + 1}-${monthDay}`;
  const lastAgmDate = `${Number(nextAgmDate.slice(0, 4)) - 1}-${monthDay}`;
  return {
    lastAgmDate,
    nextAgmDate,
    lastProxyDate: proxyDaysBefore ? addDays(lastAgmDate, -proxyDaysBefore) : null,
  };
}

/** A transport that refuses: the demo never delivers email. */
const noDelivery: MailTransport = {
  description: 'none (demo data)',
  async send() {
    throw new Error('the demo seed does not deliver email');
  },
  close() {},
};

function isEmpty(repos: Repositories): boolean {
  return (
    repos.organizations.listAll().length === 0 &&
    repos.companies.list({ limit: 1, offset: 0 }).total === 0 &&
    repos.campaigns.list().length === 0
  );
}

/**
 * Loads the demo data set into an empty database, in one transaction: on any error nothing stays.
 * The work runs on its own clock, moved through 2022–2024, so sign-on, send and response dates
 * pass the same checks a user's would. `today` (default: now) only places the illustrative AGM dates.
 */
export function seedDemo({
  repos,
  config,
  today,
}: {
  repos: Repositories;
  config: Config;
  today?: string;
}): DemoSummary {
  if (!isEmpty(repos)) {
    throw new ConflictError(
      'seed-demo loads into an empty database; this one already has organizations, companies or campaigns',
    );
  }
  const day = today ?? dateInZone(systemClock.now(), config.timezone);
  const clock = fixedClock('2022-10-24T09:00:00Z');
  const services = createServices({ repos, config, clock, transport: noDelivery });
  const actor = DEMO_ACTOR;
  const signer = { user: null, source: 'staff' as const, actor };
  const createLetter = (campaignId: number, input: DemoLetter) =>
    services.letters.create(campaignId, input as LetterInput, actor);
  const sign = (letterId: number, input: DemoSignature) =>
    services.letters.sign(letterId, input as SignatureInput, signer);

  return repos.transaction(() => {
    if (!isEmpty(repos)) throw new ConflictError('seed-demo loads into an empty database');

    // Members and targets.
    const org: Record<string, number> = {};
    for (const { key, ...input } of ORGANIZATIONS) org[key] = services.organizations.create(input, actor).id;
    const company: Record<string, number> = {};
    for (const { key, agm, proxyDaysBefore, ...input } of COMPANIES) {
      company[key] = services.companies.create(
        { ...input, ...agmDates(agm, day, proxyDaysBefore) },
        actor,
      ).id;
    }

    const campaign = services.campaigns.create(
      {
        name: 'Responsible exit from Russia',
        description: CAMPAIGN_DESCRIPTION,
        responseDays: 14,
        dayCount: 'calendar',
        public: true,
        organizationIds: Object.values(org),
        companyIds: Object.values(company),
      } satisfies DemoCampaign as unknown as CampaignInput,
      actor,
    );

    // The late-2022 round: one letter to eight companies, invited through the BHRRC web form.
    const roundTargets = [
      'raiffeisen',
      'heidelberg',
      'airbus',
      'schlumberger',
      'jpmorgan',
      'cisco',
      'unilever',
      'nestle',
    ];
    clock.set('2022-11-01T10:00:00Z');
    const round = createLetter(campaign.id, {
      title: 'Your company’s business in Russia',
      body: ROUND_BODY,
      questions: ROUND_QUESTIONS,
      companyIds: roundTargets.map((k) => company[k]!),
    });
    services.letters.openSignOn(round.id, '2022-11-10T17:00:00Z', actor);
    clock.set('2022-11-03T10:00:00Z');
    sign(round.id, {
      organizationId: org.ngo!,
      signerName: 'Amira Haddad',
      signerTitle: 'Director',
      signatoryRole: 'lead',
    });
    sign(round.id, {
      organizationId: org.union!,
      signerName: 'Jonas Weber',
      signerTitle: 'General Secretary',
      signatoryRole: 'co_lead',
    });
    clock.set('2022-11-08T10:00:00Z');
    sign(round.id, {
      organizationId: org.faith!,
      signerName: 'Ruth Okafor',
      signerTitle: 'Executive Director',
    });
    sign(round.id, {
      organizationId: org.pension!,
      signerName: 'Pieter de Vries',
      signerTitle: 'Chief Investment Officer',
    });
    sign(round.id, {
      organizationId: org.manager!,
      signerName: 'Claire Morgan',
      signerTitle: 'Head of Stewardship',
    });
    clock.set('2022-11-14T15:00:00Z');
    services.letters.approve(round.id, actor);
    clock.set('2022-11-15T09:30:00Z');
    const roundSent = services.sending.send(
      round.id,
      { sentAt: '2022-11-15T09:00:00Z', channel: 'web_form' },
      actor,
    ).dispatches;
    const roundDispatch = (key: string) => roundSent.find((d) => d.companyId === company[key])!;
    const [q1, q2, q3] = repos.letters.questions(round.id).map((q) => q.id) as [number, number, number];

    const respond = (dispatch: DispatchRow, clockAt: string, input: DemoResponse) => {
      clock.set(clockAt);
      return services.dispatches.recordResponse(dispatch.id, input as ResponseInput, actor);
    };
    respond(roundDispatch('raiffeisen'), '2022-11-24T16:00:00Z', {
      receivedAt: '2022-11-24',
      kind: 'holding',
      from: 'investor.relations@rbinternational.example',
      subject: 'Re: Your company’s business in Russia',
      body: `Thank you for your letter. We are reviewing the questions with the relevant teams and will reply in full by 16 December 2022.\n\n${NOTE}`,
      promisedAt: '2022-12-16',
    });
    respond(roundDispatch('airbus'), '2022-11-25T11:00:00Z', {
      receivedAt: '2022-11-25',
      kind: 'auto_reply',
      from: 'investor.relations@airbus.example',
      subject: 'Automatic reply: Your company’s business in Russia',
      body: `Thank you for your message. The Investor Relations team will come back to you shortly.\n\n${NOTE}`,
    });
    respond(roundDispatch('heidelberg'), '2022-11-28T14:00:00Z', {
      receivedAt: '2022-11-28',
      kind: 'substantive',
      from: 'investor.relations@heidelbergcement.example',
      subject: 'Response to the B4Ukraine Coalition',
      body: `We have decided to exit the Russian market and have agreed the sale of our Russian subsidiaries. Until the sale closes we are not investing or exporting to Russia; our human rights due diligence covers the transition, including the protection of employees.\n\n${NOTE}`,
      answers: [
        {
          questionId: q1,
          status: 'answered',
          quality: 3,
          excerpt: 'We have agreed the sale of our Russian subsidiaries.',
          note: 'Names the plants and the buyer.',
        },
        {
          questionId: q2,
          status: 'answered',
          quality: 2,
          excerpt: 'Our human rights due diligence covers the transition.',
          note: 'Specific, without evidence of the assessment itself.',
        },
        {
          questionId: q3,
          status: 'commitment',
          quality: 3,
          excerpt: 'We have decided to exit the Russian market.',
        },
      ],
    });
    respond(roundDispatch('airbus'), '2022-12-06T10:00:00Z', {
      receivedAt: '2022-12-06',
      kind: 'substantive',
      from: 'company.secretary@airbus.example',
      subject: 'Airbus response',
      body: `Airbus has suspended support to Russian customers in line with international sanctions. We continue to source titanium through long-term contracts while diversifying our supply.\n\n${NOTE}`,
      answers: [
        {
          questionId: q1,
          status: 'partial',
          quality: 2,
          excerpt: 'We continue to source titanium through long-term contracts.',
          note: 'No volumes or timeline.',
        },
        { questionId: q2, status: 'not_answered', quality: 0 },
        {
          questionId: q3,
          status: 'deflected',
          quality: 1,
          excerpt: 'We act in line with international sanctions.',
        },
      ],
    });
    respond(roundDispatch('nestle'), '2022-12-09T09:00:00Z', {
      receivedAt: '2022-12-08',
      kind: 'declined',
      from: 'investor.relations@nestle.example',
      subject: 'Re: Your company’s business in Russia',
      body: `We refer you to our public statements on Russia and will not be responding to individual questionnaires.\n\n${NOTE}`,
    });
    // Schlumberger, JPMorgan Chase, Cisco and Unilever: no response, so "Did not respond".

    // A draft follow-up to every company whose questions are still open.
    clock.set('2023-01-10T10:00:00Z');
    const open = roundSent
      .map((d) => ({ dispatch: d, questions: services.dispatches.detail(d).questions.filter((q) => q.open) }))
      .filter((x) => x.questions.length > 0);
    const openQuestionIds = new Set(open.flatMap((x) => x.questions.map((q) => q.id)));
    const followUpQuestions = repos.letters.questions(round.id).filter((q) => openQuestionIds.has(q.id));
    const followUp = createLetter(campaign.id, {
      kind: 'follow_up',
      title: 'Follow-up: your company’s business in Russia',
      body: FOLLOW_UP_BODY,
      questions: followUpQuestions.map((q) => q.text),
      questionOrigins: followUpQuestions.map((q) => q.id),
      parentLetterId: round.id,
      companyIds: open.map((x) => x.dispatch.companyId),
    });

    // The worked example: 11 April 2023 to Microsoft, by email.
    clock.set('2023-04-03T09:00:00Z');
    const microsoft = createLetter(campaign.id, {
      title: 'Request for an urgent dialogue on {{company.name}}’s business in Russia',
      body: MICROSOFT_BODY,
      questions: MICROSOFT_QUESTIONS,
      companyIds: [company.microsoft!],
    });
    services.letters.openSignOn(microsoft.id, '2023-04-07T17:00:00Z', actor);
    clock.set('2023-04-04T10:00:00Z');
    sign(microsoft.id, {
      organizationId: org.ngo!,
      signerName: 'Amira Haddad',
      signerTitle: 'Director',
      signatoryRole: 'lead',
    });
    sign(microsoft.id, {
      organizationId: org.pension!,
      signerName: 'Pieter de Vries',
      signerTitle: 'Chief Investment Officer',
      signatoryRole: 'co_lead',
    });
    clock.set('2023-04-06T10:00:00Z');
    sign(microsoft.id, {
      organizationId: org.manager!,
      signerName: 'Claire Morgan',
      signerTitle: 'Head of Stewardship',
    });
    sign(microsoft.id, {
      organizationId: org.faith!,
      signerName: 'Ruth Okafor',
      signerTitle: 'Executive Director',
    });
    clock.set('2023-04-10T15:00:00Z');
    services.letters.approve(microsoft.id, actor);
    clock.set('2023-04-11T09:00:00Z');
    const microsoftSent = services.sending.send(
      microsoft.id,
      { sentAt: '2023-04-11T09:00:00Z', channel: 'email' },
      actor,
    ).dispatches;
    // The letter's emails are part of the story, not mail to deliver now: record them as sent on 11 April 2023.
    const demoDispatchIds = new Set(microsoftSent.map((d) => d.id));
    for (const message of repos.outbox.list('queued', 10_000)) {
      if (message.dispatchId !== null && demoDispatchIds.has(message.dispatchId)) {
        repos.outbox.update(message.id, { status: 'sent', attempts: 1, sentAt: '2023-04-11T09:00:05.000Z' });
      }
    }
    const [m1, m2, m3] = repos.letters.questions(microsoft.id).map((q) => q.id) as [number, number, number];
    respond(microsoftSent[0]!, '2023-04-24T17:00:00Z', {
      receivedAt: '2023-04-24T16:30:00Z',
      kind: 'substantive',
      from: 'investor.relations@microsoft.example',
      subject: 'Re: Request for an urgent dialogue on Microsoft’s business in Russia',
      body: `We ended the indirect resale arrangements involved and strengthened our sanctions screening of partners and end customers. We are significantly scaling down our operations in Russia and will not comment on individual contracts.\n\n${NOTE}`,
      answers: [
        {
          questionId: m1,
          status: 'answered',
          quality: 2,
          excerpt: 'We ended the indirect resale arrangements involved.',
          note: 'Specific, no evidence offered.',
        },
        {
          questionId: m2,
          status: 'partial',
          quality: 1,
          excerpt: 'We strengthened our sanctions screening of partners and end customers.',
          note: 'Boilerplate: no description of the controls.',
        },
        {
          questionId: m3,
          status: 'not_answered',
          quality: 0,
          note: 'No figures on remaining contracts or revenue.',
        },
      ],
    });

    // A second letter to Microsoft, still a draft: its stake in Shanghai Wicresoft.
    clock.set('2024-05-20T10:00:00Z');
    const wicresoft = createLetter(campaign.id, {
      title: '{{company.name}}’s 22% stake in Shanghai Wicresoft',
      body: WICRESOFT_BODY,
      questions: WICRESOFT_QUESTIONS,
      companyIds: [company.microsoft!],
    });

    const dispatches = [...roundSent, ...microsoftSent];
    return {
      organizations: ORGANIZATIONS.length,
      companies: COMPANIES.length,
      campaigns: 1,
      letters: repos.letters.listForCampaign(campaign.id).length,
      dispatches: dispatches.length,
      responses: dispatches.reduce((n, d) => n + repos.dispatches.responses(d.id).length, 0),
      campaignId: campaign.id,
      letterIds: { microsoft: microsoft.id, round: round.id, followUp: followUp.id, wicresoft: wicresoft.id },
    };
  });
}
