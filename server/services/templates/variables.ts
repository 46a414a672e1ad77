/**
 * What a template may use. Each context is described by example data; the checker infers the
 * allowed paths from it and the editor shows it with these descriptions.
 */

const question = { id: 12, number: 2, text: 'What policies prevent such breaches from recurring?' };

export const LETTER_FIXTURE = {
  company: {
    name: 'Microsoft',
    country: 'US',
    sector: 'Technology',
    ticker: 'MSFT',
    isin: 'US5949181045',
    website: 'https://www.microsoft.com',
    jurisdiction: 'US',
    contacts: [{ name: 'Investor Relations', function: 'ir', email: 'investor.relations@microsoft.example' }],
  },
  campaign: {
    name: 'Responsible exit from Russia',
    description: 'Letters to companies still operating in Russia.',
    responseDays: 14,
  },
  letter: {
    id: 7,
    title: 'Your business in Russia',
    kind: 'follow_up',
    locale: 'en',
    sentAt: '2023-05-10T09:00:00.000Z',
  },
  dispatch: {
    sentAt: '2023-05-10T09:00:00.000Z',
    dueAt: '2023-05-24',
    dueExplanation: '24 May 2023: 14 calendar days from 10 May 2023',
  },
  questions: [
    {
      id: 11,
      number: 1,
      text: 'Has Microsoft reconsidered the practices that led to the sanctions violations?',
    },
    question,
  ],
  openQuestions: [question],
  listedQuestions: [question],
  previousLetter: {
    title: 'Request for an urgent dialogue',
    sentAt: '2023-04-11T09:00:00.000Z',
    dueAt: '2023-04-25',
    promisedAt: '2023-05-15',
    respondedAt: '2023-04-24T15:00:00.000Z',
  },
  previousLetters: [
    { title: 'Request for an urgent dialogue', sentAt: '2023-04-11T09:00:00.000Z', dueAt: '2023-04-25' },
  ],
  signatories: [
    { organization: 'Example Rights Watch', name: 'Amira Haddad', title: 'Director', role: 'lead' },
  ],
  signatoryCount: 1,
  aumTotalUsd: 85_000_000_000,
  aumTotal: 'US$85 billion',
  coordinator: { name: 'Cora Coordinator', email: 'cora@coalition.example' },
  questionList: '2. What policies prevent such breaches from recurring?',
  openQuestionsIntro: '1 question remains open. We repeat it below with its original number.',
  earlierLetter:
    'On 11 April 2023 the members of Responsible exit from Russia wrote to you (“Request for an urgent dialogue”) and asked for your answers by 25 April 2023.',
  holdingReply: 'In your holding reply you told us you would answer by 15 May 2023.',
  responseDue: 'by 24 May 2023',
  onBehalfOf:
    'the members of Responsible exit from Russia, 1 organisation with US$85 billion in assets under management',
};

export const LETTER_VARIABLE_DOCS: Record<string, string> = {
  company:
    'The company this copy goes to: name, country, sector, ticker, isin, website, jurisdiction, contacts (name, function, email).',
  campaign: 'The campaign: name, description, responseDays.',
  letter: 'This letter: id, title, kind, locale, sentAt (empty in a draft).',
  dispatch: 'This company’s copy once sent: sentAt, dueAt, dueExplanation. Empty in a draft.',
  questions: 'Every question of the letter: number, text.',
  openQuestions:
    'The questions still open for this company (not answered, committed or not applicable), with their original numbers.',
  listedQuestions: 'The questions this copy lists: the open ones in a follow-up, all of them otherwise.',
  previousLetter:
    'The letter this one follows up, as sent to this company: title, sentAt, dueAt, promisedAt (from a holding reply), respondedAt.',
  previousLetters: 'Every earlier letter of the chain, oldest first: title, sentAt, dueAt.',
  signatories: 'Organisations that signed: organization, name, title, role.',
  signatoryCount: 'How many organisations signed.',
  aumTotalUsd: 'Total assets under management of the signatories, in US dollars.',
  aumTotal: 'The same, in words: “US$1.2 trillion”.',
  coordinator: 'The campaign’s coordinator: name, email.',
  questionList:
    'The numbered questions this copy asks (in a follow-up, the open ones under their original numbers). Place it in the body; without it they follow the body.',
  openQuestionsIntro:
    'A sentence introducing the questions: “We would be grateful for your answers to the following 3 questions.” or, in a follow-up, “2 questions remain open…”.',
  earlierLetter:
    'In a follow-up: the earlier letter, its date and due date, and the date of the company’s response if any. Empty otherwise.',
  holdingReply:
    'The date the company promised in a holding reply, as a sentence; empty when it promised none.',
  responseDue: '“by 24 May 2023” once sent; “within 14 days of this letter” in a draft.',
  onBehalfOf:
    'Who writes: “the members of the campaign, 3 organisations with US$1.2 trillion in assets under management” (signatories and AUM once signed).',
};

/** What the letter form's variable picker offers: the variables people use in a letter, in words. */
export const LETTER_PICKER: { token: string; description: string }[] = [
  { token: '{{company.name}}', description: 'the company’s name' },
  { token: '{{company.country}}', description: 'the company’s country code' },
  { token: '{{campaign.name}}', description: 'the campaign’s name' },
  { token: '{{campaign.description}}', description: 'the campaign’s description' },
  { token: '{{onBehalfOf}}', description: 'who writes: members, signatories and their total AUM' },
  { token: '{{openQuestionsIntro}}', description: 'a sentence introducing the questions' },
  { token: '{{questionList}}', description: 'the numbered questions, placed here instead of after the body' },
  {
    token: '{{responseDue}}',
    description: '“by 24 May 2023” once sent, “within 14 days of this letter” before',
  },
  { token: '{{earlierLetter}}', description: 'follow-ups: the earlier letter, its date and due date' },
  { token: '{{holdingReply}}', description: 'follow-ups: the date promised in a holding reply, if any' },
  { token: '{{aumTotal}}', description: 'the signatories’ total assets under management' },
  { token: '{{formatDate dispatch.dueAt}}', description: 'the due date alone (empty before sending)' },
];

const dispatchReminderItem = {
  campaignName: 'Responsible exit from Russia',
  companyName: 'Microsoft',
  letterTitle: 'Your business in Russia',
  dueAt: '2026-11-25',
  escalateAt: '2026-12-09',
  status: 'sent',
  url: 'https://docket.example/dispatches/12',
};

const digestLink = {
  companyName: 'Cisco',
  letterTitle: 'Your business in Russia',
  dueAt: '2026-11-20',
  url: 'https://docket.example/dispatches/14',
};

/** What the reminder job passes to every reminder email: the first item's fields, then the list. */
function reminderFixture(item: Record<string, unknown>, timing: { daysLeft?: number; daysLate?: number }) {
  return {
    name: 'Cora Coordinator',
    ...item,
    anchorDate: '2026-11-25',
    daysLeft: timing.daysLeft ?? 0,
    daysLate: timing.daysLate ?? 0,
    today: false,
    tomorrow: false,
    items: [{ ...item, anchorDate: '2026-11-25' }],
    count: 1,
    several: false,
    unsubscribeUrl: 'https://docket.example/unsubscribe/abc',
    settingsUrl: 'https://docket.example/settings',
  };
}

/** Example data for each email Docket sends, by template name. */
export const EMAIL_FIXTURES: Record<string, Record<string, unknown>> = {
  invitation: {
    name: 'Ana Member',
    inviterName: 'Cora Coordinator',
    instanceName: 'your coalition',
    roleLabel: 'coalition member',
    url: 'https://docket.example/setup/abc',
    expiresAt: '2026-12-01T00:00:00.000Z',
  },
  'review-needed': {
    name: 'Cora Coordinator',
    bounce: false,
    companyName: 'Microsoft',
    letterTitle: 'Your business in Russia',
    from: 'Investor Relations <ir@microsoft.example>',
    subject: 'Re: Your business in Russia',
    kindLabel: 'a substantive response',
    url: 'https://docket.example/dispatches/7#responses',
    settingsUrl: 'https://docket.example/settings',
  },
  'abuse-report': {
    name: 'Cora Coordinator',
    companyName: 'Microsoft',
    from: 'abuse@mailbox-provider.example',
    feedbackLabel: 'abuse',
    url: 'https://docket.example/inbox/12',
    settingsUrl: 'https://docket.example/settings',
  },
  'sign-on-invitation': {
    name: 'Ana Member',
    organizationName: 'Example Rights Watch',
    campaignName: 'Responsible exit from Russia',
    letterTitle: 'Questions to [company name]',
    closesAt: '2026-12-01T17:00:00.000Z',
    url: 'https://docket.example/sign/abc',
  },
  'reminder-response-due': reminderFixture(dispatchReminderItem, { daysLeft: 2 }),
  'reminder-overdue': reminderFixture(dispatchReminderItem, { daysLate: 1 }),
  'reminder-very-overdue': reminderFixture(dispatchReminderItem, { daysLate: 0 }),
  'reminder-sign-on-closing': reminderFixture(
    {
      campaignName: 'Responsible exit from Russia',
      letterTitle: 'Your business in Russia',
      closesAt: '2026-12-01T17:00:00.000Z',
      url: 'https://docket.example/letters/7',
    },
    { daysLeft: 7 },
  ),
  'reminder-filing-window': reminderFixture(
    {
      campaignName: 'Responsible exit from Russia',
      title: 'Microsoft: shareholder proposal deadline (SEC Rule 14a-8)',
      explanation:
        '26 Jun 2026: 120 days before 24 Oct 2026, the anniversary of the 24 Oct 2025 proxy statement (SEC Rule 14a-8(e)(2))',
      kind: 'proposal_us_14a8',
      url: 'https://docket.example/companies/3',
    },
    { daysLeft: 45 },
  ),
  digest: {
    name: 'Ana Member',
    frequency: 'weekly',
    weekly: true,
    digestDate: '2026-11-23',
    since: '2026-11-16T00:00:00.000Z',
    campaigns: [
      {
        name: 'Responsible exit from Russia',
        url: 'https://docket.example/campaigns/1',
        overdue: [digestLink],
        overdueMore: 0,
        dueSoon: [digestLink],
        dueSoonMore: 2,
        responses: [
          {
            companyName: 'Airbus',
            letterTitle: 'Your business in Russia',
            kind: 'holding',
            receivedAt: '2026-11-20T12:00:00.000Z',
            url: 'https://docket.example/dispatches/13',
          },
        ],
        signOns: [
          {
            title: 'Follow-up',
            closesAt: '2026-11-28T17:00:00.000Z',
            url: 'https://docket.example/letters/9',
          },
        ],
        deadlines: [
          {
            title: 'Escalation due: Airbus — Your business in Russia',
            date: '2026-11-30',
            url: 'https://docket.example/dispatches/13',
          },
        ],
        deadlinesMore: 0,
      },
    ],
    unsubscribeUrl: 'https://docket.example/unsubscribe/abc',
    settingsUrl: 'https://docket.example/settings',
  },
  letter: {
    subject: 'Your business in Russia',
    text: 'Dear Microsoft,\n\n1. Has the company reconsidered…',
    html: '<p>Dear Microsoft,</p><ol><li>Has the company reconsidered…</li></ol>',
    ref: 'a1b2c3d4',
  },
};

export type Schema = 'scalar' | { object: Record<string, Schema> } | { array: Schema };

/** The shape of example data: which paths a template may read. */
export function inferSchema(value: unknown): Schema {
  if (Array.isArray(value)) return { array: value.length ? inferSchema(value[0]) : 'scalar' };
  if (value && typeof value === 'object') {
    return { object: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inferSchema(v)])) };
  }
  return 'scalar';
}
