import type { DispatchRow, Repositories } from '../../db/repositories/index.js';
import type { Config } from '../config.js';
import type { ResponseKind } from '../domain/responses.js';
import type { ANSWER_STATUSES, SIGNATORY_ROLES } from '../domain/vocabulary.js';
import { ConflictError } from '../errors.js';
import {
  addDays,
  dateInZone,
  daysBetween,
  formatCalendarDate,
  isCalendarDate,
} from '../lib/calendar-dates.js';
import { type Clock, fixedClock, systemClock } from '../lib/clock.js';
import { createServices } from '../plugins/app/services.js';
import type { CampaignInput } from '../schemas/campaigns.js';
import type { ResponseInput } from '../schemas/dispatches.js';
import type { LetterInput, SignatureInput } from '../schemas/letters.js';
import type { Actor } from './actor.js';
import {
  CAMPAIGN_DESCRIPTION,
  COMPANIES,
  FOLLOW_UP_BODY,
  ILLUSTRATIVE_NOTE,
  MICROSOFT_BODY,
  MICROSOFT_QUESTIONS,
  NOTE,
  ORGANIZATIONS,
  ROUND_BODY,
  ROUND_QUESTIONS,
  WICRESOFT_BODY,
  WICRESOFT_QUESTIONS,
} from './demo/demo-data.js';

/**
 * `docket seed-demo`: the demo data set of DOMAIN.md §5, loaded through the services as if a
 * coordinator had done the work in 2022–2024, so that every page has something to show.
 */

export { ILLUSTRATIVE_NOTE };

export const DEMO_ACTOR: Actor = { userId: null, label: 'demo data' };

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

function isEmpty(repos: Repositories): boolean {
  return (
    repos.organizations.listAll().length === 0 &&
    repos.companies.list({ limit: 1, offset: 0 }).total === 0 &&
    repos.campaigns.list().length === 0
  );
}

/** The day the story of DOMAIN.md §5 was written on: as the anchor, the demo keeps its 2022–2024 dates. */
export const DEMO_HISTORICAL_ANCHOR = '2024-05-21';

/**
 * The parts of the story, each moved as a whole by whole weeks (its intervals, weekdays and due-date
 * rules intact) so that its reference day falls 0–6 days before `daysBefore` days before the anchor:
 * the round was sent about four weeks ago (replies in, four companies overdue, a holding reply
 * promising an answer about now), the follow-up was drafted in the last week, the Microsoft letter
 * went out about two weeks ago and was answered in the last week, and the Wicresoft draft is recent.
 */
const STORY_SEGMENTS = {
  round: { reference: '2022-11-15', daysBefore: 25 },
  followUp: { reference: '2023-01-10', daysBefore: 1 },
  microsoft: { reference: '2023-04-11', daysBefore: 14 },
  wicresoft: { reference: '2024-05-20', daysBefore: 1 },
} as const;
type StorySegment = keyof typeof STORY_SEGMENTS;

/**
 * Loads the demo data set into an empty database, in one transaction: on any error nothing stays.
 * The work runs on its own clock, moved through 2022–2024, so sign-on, send and response dates
 * pass the same checks a user's would. `today` (default: now) only places the illustrative AGM dates.
 */
export function seedDemo({
  repos,
  config,
  today,
  anchor,
  clock: appClock = systemClock,
}: {
  repos: Repositories;
  config: Config;
  /** Places the illustrative AGM dates; default: the anchor, else today by the clock. */
  today?: string;
  /**
   * The day the story is dated relative to (default: `today`, else today by the clock): each part of
   * it is moved by whole days so that it happened in the weeks before. DEMO_HISTORICAL_ANCHOR keeps
   * the 2022–2024 dates of DOMAIN.md.
   */
  anchor?: string;
  clock?: Clock;
}): DemoSummary {
  if (!isEmpty(repos)) {
    throw new ConflictError(
      'seed-demo loads into an empty database; this one already has organizations, companies or campaigns',
    );
  }
  const day = today ?? anchor ?? dateInZone(appClock.now(), config.timezone);
  const storyDay = anchor ?? day;
  const live = storyDay !== DEMO_HISTORICAL_ANCHOR;
  let segment: StorySegment = 'round';
  /** A date or instant of the story, moved with its part of the story. */
  const t = (value: string): string => {
    const { reference, daysBefore } = STORY_SEGMENTS[segment];
    // Whole weeks, so that every date keeps its weekday and the due-date rules give the same intervals.
    const days = live ? 7 * Math.floor(daysBetween(reference, addDays(storyDay, -daysBefore)) / 7) : 0;
    if (days === 0) return value;
    return isCalendarDate(value)
      ? addDays(value, days)
      : new Date(Date.parse(value) + days * 86_400_000).toISOString();
  };
  const clock = fixedClock(t('2022-10-24T09:00:00Z'));
  const services = createServices({ repos, config, clock });
  const actor = DEMO_ACTOR;
  const signer = { user: null, source: 'staff' as const, actor };
  const createLetter = (campaignId: number, input: DemoLetter) =>
    services.letters.create(campaignId, input as LetterInput, actor);
  const sign = (letterId: number, input: DemoSignature) =>
    services.signOn.sign(letterId, input as SignatureInput, signer);

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
    clock.set(t('2022-11-01T10:00:00Z'));
    const round = createLetter(campaign.id, {
      title: 'Your company’s business in Russia',
      body: ROUND_BODY,
      questions: ROUND_QUESTIONS,
      companyIds: roundTargets.map((k) => company[k]!),
    });
    services.signOn.open(round.id, t('2022-11-10T17:00:00Z'), actor);
    clock.set(t('2022-11-03T10:00:00Z'));
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
    clock.set(t('2022-11-08T10:00:00Z'));
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
    clock.set(t('2022-11-14T15:00:00Z'));
    services.letters.approve(round.id, actor);
    clock.set(t('2022-11-15T09:30:00Z'));
    const roundSent = services.sending.send(
      round.id,
      { sentAt: t('2022-11-15T09:00:00Z'), channel: 'web_form' },
      actor,
    ).dispatches;
    const roundDispatch = (key: string) => roundSent.find((d) => d.companyId === company[key])!;
    const [q1, q2, q3] = repos.letters.questions(round.id).map((q) => q.id) as [number, number, number];

    const respond = (dispatch: DispatchRow, clockAt: string, input: DemoResponse) => {
      clock.set(clockAt);
      return services.dispatches.recordResponse(dispatch.id, input as ResponseInput, actor);
    };
    respond(roundDispatch('raiffeisen'), t('2022-11-24T16:00:00Z'), {
      receivedAt: t('2022-11-24'),
      kind: 'holding',
      from: 'investor.relations@rbinternational.example',
      subject: 'Re: Your company’s business in Russia',
      body: `Thank you for your letter. We are reviewing the questions with the relevant teams and will reply in full by ${formatCalendarDate(t('2022-12-16'))}.\n\n${NOTE}`,
      promisedAt: t('2022-12-16'),
    });
    respond(roundDispatch('airbus'), t('2022-11-25T11:00:00Z'), {
      receivedAt: t('2022-11-25'),
      kind: 'auto_reply',
      from: 'investor.relations@airbus.example',
      subject: 'Automatic reply: Your company’s business in Russia',
      body: `Thank you for your message. The Investor Relations team will come back to you shortly.\n\n${NOTE}`,
    });
    respond(roundDispatch('heidelberg'), t('2022-11-28T14:00:00Z'), {
      receivedAt: t('2022-11-28'),
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
    respond(roundDispatch('airbus'), t('2022-12-06T10:00:00Z'), {
      receivedAt: t('2022-12-06'),
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
    respond(roundDispatch('nestle'), t('2022-12-09T09:00:00Z'), {
      receivedAt: t('2022-12-08'),
      kind: 'declined',
      from: 'investor.relations@nestle.example',
      subject: 'Re: Your company’s business in Russia',
      body: `We refer you to our public statements on Russia and will not be responding to individual questionnaires.\n\n${NOTE}`,
    });
    // Schlumberger, JPMorgan Chase, Cisco and Unilever: no response, so "Did not respond".

    // A draft follow-up to every company whose questions are still open.
    segment = 'followUp';
    clock.set(t('2023-01-10T10:00:00Z'));
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
    segment = 'microsoft';
    clock.set(t('2023-04-03T09:00:00Z'));
    const microsoft = createLetter(campaign.id, {
      title: 'Request for an urgent dialogue on {{company.name}}’s business in Russia',
      body: MICROSOFT_BODY,
      questions: MICROSOFT_QUESTIONS,
      companyIds: [company.microsoft!],
    });
    services.signOn.open(microsoft.id, t('2023-04-07T17:00:00Z'), actor);
    clock.set(t('2023-04-04T10:00:00Z'));
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
    clock.set(t('2023-04-06T10:00:00Z'));
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
    clock.set(t('2023-04-10T15:00:00Z'));
    services.letters.approve(microsoft.id, actor);
    clock.set(t('2023-04-11T09:00:00Z'));
    const microsoftSent = services.sending.send(
      microsoft.id,
      { sentAt: t('2023-04-11T09:00:00Z'), channel: 'email' },
      actor,
    ).dispatches;
    // The letter's emails are part of the story, not mail to deliver now: record them as sent on 11 April 2023.
    const demoDispatchIds = new Set(microsoftSent.map((d) => d.id));
    for (const message of repos.outbox.list('queued', 10_000)) {
      if (message.dispatchId !== null && demoDispatchIds.has(message.dispatchId)) {
        repos.outbox.update(message.id, {
          status: 'sent',
          attempts: 1,
          sentAt: t('2023-04-11T09:00:05.000Z'),
        });
      }
    }
    const [m1, m2, m3] = repos.letters.questions(microsoft.id).map((q) => q.id) as [number, number, number];
    respond(microsoftSent[0]!, t('2023-04-24T17:00:00Z'), {
      receivedAt: t('2023-04-24T16:30:00Z'),
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
    segment = 'wicresoft';
    clock.set(t('2024-05-20T10:00:00Z'));
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
