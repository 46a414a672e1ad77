import type { CompanyInput } from '../../schemas/companies.js';
import type { OrganizationInput } from '../../schemas/organizations.js';

/**
 * The demo data set of DOMAIN.md §5 as data: member organisations, companies and the letters'
 * texts. demo-seed-service.ts loads it through the services.
 */

export const ILLUSTRATIVE_NOTE =
  'Demo data (illustrative): the member organisations and their signers are fictional; the companies’ responses and their AGM and proxy-statement dates are illustrative, not real disclosures.';

export const NOTE = '(Illustrative demo text: not the company’s actual reply.)';

export const ORGANIZATIONS: (OrganizationInput & { key: string })[] = [
  { key: 'ngo', name: 'Example Rights Watch', kind: 'ngo', country: 'GB' },
  { key: 'union', name: "Example Workers' Union", kind: 'union', country: 'DE' },
  { key: 'faith', name: 'Example Faith Investors', kind: 'faith_group', country: 'US' },
  { key: 'pension', name: 'Example Pension Fund', kind: 'asset_owner', country: 'NL', aumUsd: 85e9 },
  { key: 'manager', name: 'Example Asset Management', kind: 'asset_manager', country: 'GB', aumUsd: 240e9 },
];

/** An illustrative AGM (month-day) and, for US issuers, how many days before it the proxy statement comes out. */
export interface DemoCompany extends Omit<CompanyInput, 'lastAgmDate' | 'nextAgmDate' | 'lastProxyDate'> {
  key: string;
  agm: string;
  proxyDaysBefore?: number;
}

export const contacts = (domain: string, ...extra: NonNullable<CompanyInput['contacts']>) => [
  { name: 'Investor Relations', function: 'ir' as const, email: `investor.relations@${domain}` },
  ...extra,
];

export const COMPANIES: DemoCompany[] = [
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

export const CAMPAIGN_DESCRIPTION = `Letters from the coalition's member organisations to companies that continue to do business in Russia, modelled on the B4Ukraine Coalition's letters (2022–2023), which the Business & Human Rights Resource Centre published with the companies' responses.

${ILLUSTRATIVE_NOTE}`;

export const MICROSOFT_QUESTIONS = [
  'Has Microsoft reconsidered the business practices that led to the sanctions violations?',
  'What policies and practices has it put in place to prevent such breaches from recurring?',
  "What is the current exposure of Microsoft's business in Russia?",
];

export const MICROSOFT_BODY = `Dear members of the Board of {{company.name}},

We write on behalf of the B4Ukraine Coalition, more than 90 civil-society organisations, to ask for an urgent dialogue about possible inconsistencies between {{company.name}}'s obligations under international humanitarian and human rights law and its continuing business in Russia.

We recognise the steps the company has announced:

- {{company.name}} suspended new sales in Russia on **4 March 2022**;
- in **June 2022** it announced further cuts, while continuing to honour existing contracts;
- Russian users reportedly lost access to Windows updates in **September 2022**, and had regained it by **December 2022**.

We are also concerned by the company's record on sanctions. {{company.name}} paid a fine of over **US$3 million** for sanctions breaches: about US$12 million of sales to blacklisted parties between December 2016 and December 2017, made through an indirect resale model.

We would be grateful for your answers to the questions below within {{campaign.responseDays}} days. The Business & Human Rights Resource Centre will publish this letter with your response, or note that none was received.`;

export const ROUND_QUESTIONS = [
  'Does the company still have operations, sales, suppliers or investments in Russia, and what is their current extent?',
  'What heightened human rights due diligence has the company carried out on its Russian business since February 2022?',
  'Will the company suspend or end its Russian operations, and on what timeline and terms for affected workers?',
];

export const ROUND_BODY = `Dear {{company.name}},

Russia's full-scale invasion of Ukraine has caused grave violations of international humanitarian and human rights law. Companies that continue to operate in Russia risk contributing to those violations, through taxes paid, goods and services supplied and the legitimacy they lend.

The members of the B4Ukraine Coalition invite {{company.name}} to explain its position. The Business & Human Rights Resource Centre will publish your response in full, or record that you did not respond.

Please answer the questions below within {{campaign.responseDays}} days.`;

export const FOLLOW_UP_BODY = `Dear {{company.name}},

On {{formatDate previousLetter.sentAt}} the coalition wrote to you about your business in Russia. We thank the companies that replied; your answers have not yet addressed the questions below, which remain open.

We would be grateful for a full answer within {{campaign.responseDays}} days. Responses and non-responses will be published on our public tracker.`;

export const WICRESOFT_QUESTIONS = [
  'Does Microsoft’s sanctions screening cover affiliates it does not control, such as Shanghai Wicresoft?',
  'Does Microsoft know of Wicresoft’s work for sanctioned parties, including SenseTime, CloudWalk and iFlyTek?',
  'Will Microsoft divest its stake in Wicresoft, or use its influence as a shareholder to end that work?',
];

export const WICRESOFT_BODY = `Dear members of the Board of {{company.name}},

Reports published in 2024 state that {{company.name}} held **22%** of Shanghai Wicresoft Co. Ltd. as of late 2023, a joint venture with the venture-capital arm of the Shanghai municipal government.

According to the same reports, Wicresoft's clients include three companies under US sanctions:

- **SenseTime**, on OFAC's Chinese Military-Industrial Complex list;
- **CloudWalk**, added to that list in December 2021 over the surveillance of ethnic minorities;
- **iFlyTek**, sanctioned in October 2019 over the oppression of Uyghurs.

Following our letter of 11 April 2023 on {{company.name}}'s sanctions compliance, we ask:`;
