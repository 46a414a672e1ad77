import type { DispatchFilter, DispatchRow, Repositories, UserRow } from '../../db/repositories/index.js';
import { lateness } from '../domain/dispatch-lateness.js';
import { isOpen } from '../domain/open-questions.js';
import { publicLabel } from '../domain/public-label.js';
import { countsAsResponse, statusAfterResponse } from '../domain/responses.js';
import { NotFoundError, ValidationError } from '../errors.js';
import {
  addDays,
  dateInZone,
  daysBetween,
  formatCalendarDate,
  isCalendarDate,
  isInstant,
} from '../lib/calendar-dates.js';
import type { Clock } from '../lib/clock.js';
import { computeDueDateFrom, computeEscalateDate } from '../lib/due-dates.js';
import type { AnswerInput, ResponseInput } from '../schemas/dispatches.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { coverage, coverageFromCounts } from './coverage.js';
import { recordEvent } from './events.js';
import { bounceAddress } from './mailer.js';
import { replyAddress } from './sending-service.js';

function bareAddress(value: string): string {
  return (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim().toLowerCase();
}

export function createDispatchesService({
  repos,
  clock,
  campaigns,
  timezone,
  mailDomain,
  questionTexts,
}: {
  repos: Repositories;
  clock: Clock;
  campaigns: CampaignsService;
  timezone: string;
  mailDomain: string;
  /** Question id → text as the dispatch's company reads it (variables filled in). */
  questionTexts?: (letterId: number, companyId: number) => Map<number, string>;
}) {
  const today = () => dateInZone(clock.now(), timezone);

  function get(id: number): DispatchRow {
    const dispatch = repos.dispatches.findById(id);
    if (!dispatch) throw new NotFoundError('Dispatch', id);
    return dispatch;
  }

  function getForUser(id: number, user: UserRow): DispatchRow {
    const dispatch = get(id);
    campaigns.getForUser(dispatch.campaignId, user);
    return dispatch;
  }

  function computed<T extends { status: DispatchRow['status']; dueAt: string; escalateAt: string }>(
    row: T,
    day = today(),
  ) {
    return { ...row, ...lateness(row, day), publicLabel: publicLabel(row, day) };
  }

  function questionGrid(dispatch: DispatchRow) {
    const latest = new Map(repos.dispatches.latestAnswers([dispatch.id]).map((a) => [a.questionId, a]));
    const texts = questionTexts?.(dispatch.letterId, dispatch.companyId);
    const questions = repos.letters.questions(dispatch.letterId).map((q) => {
      const answer = latest.get(q.id);
      return {
        id: q.id,
        number: q.number,
        text: texts?.get(q.id) ?? q.text,
        originQuestionId: q.originQuestionId,
        open: isOpen(answer?.status),
        answer: answer
          ? {
              id: answer.id,
              status: answer.status,
              quality: answer.quality,
              note: answer.note,
              excerpt: answer.excerpt,
              responseId: answer.responseId,
              assessedAt: answer.createdAt,
            }
          : null,
      };
    });
    return { questions, coverage: coverage(questions.map((q) => q.answer?.status)) };
  }

  /** Every address the letter was emailed to has failed for good (a post or web-form dispatch has none). */
  function everyRecipientFailed(dispatchId: number): boolean {
    const sentTo = repos.outbox.recipientsOfDispatch(dispatchId).map(bareAddress);
    const failed = new Set(
      repos.deliveryFailures
        .listForDispatch(dispatchId)
        .filter((f) => f.permanent && f.recipient)
        .map((f) => f.recipient!.toLowerCase()),
    );
    return sentTo.every((address) => failed.has(address));
  }

  function checkQuestion(dispatch: DispatchRow, questionId: number, field: string) {
    const question = repos.letters.findQuestion(questionId);
    if (!question || question.letterId !== dispatch.letterId) {
      throw new ValidationError(
        field,
        `question ${questionId} is not part of the letter sent to this company`,
      );
    }
  }

  /** A holding reply moves the clock to a second due date: the date the company promised, or the campaign's default. */
  function holdingClock(
    dispatch: DispatchRow,
    promisedAt: string | null,
    receivedDate: string,
  ): Partial<DispatchRow> {
    const campaign = campaigns.get(dispatch.campaignId);
    const second = promisedAt ?? addDays(dispatch.dueRule.sentDate, campaign.holdingResponseDays);
    // The company's latest word replaces an earlier promise, but never brings the date before the first due date.
    const original = dispatch.originalDueAt ?? dispatch.dueAt;
    const dueAt = second > original ? second : original;
    const f = formatCalendarDate;
    const basis = promisedAt
      ? `the date ${f(promisedAt)} promised in the holding reply of ${f(receivedDate)}`
      : `holding reply received ${f(receivedDate)}; ${campaign.holdingResponseDays} days from ${f(dispatch.dueRule.sentDate)}`;
    // The explanation always names the date that is due: a second date earlier than the first leaves it.
    const dueExplanation =
      dueAt === second
        ? `${f(dueAt)}: ${basis}`
        : `${f(dueAt)}: the original due date stands, as ${basis} (${f(second)}) is not later`;
    return {
      secondDueAt: second,
      dueAt,
      escalateAt: computeEscalateDate(dueAt, campaign.escalationDays),
      dueExplanation,
    };
  }

  /** Stores a recomputed first-clock due date when it differs, with its event. True if it changed. */
  function applyRecomputed(
    dispatch: DispatchRow,
    due: ReturnType<typeof computeDueDateFrom>,
    actor: Actor,
    reason: string,
  ): boolean {
    const sameRule = JSON.stringify(due.inputs) === JSON.stringify(dispatch.dueRule);
    if (due.dueDate === dispatch.dueAt && due.explanation === dispatch.dueExplanation && sameRule)
      return false;
    const escalationDays = daysBetween(dispatch.dueAt, dispatch.escalateAt);
    repos.transaction(() => {
      repos.dispatches.update(dispatch.id, {
        dueAt: due.dueDate,
        originalDueAt: due.dueDate,
        dueExplanation: due.explanation,
        dueRule: due.inputs,
        escalateAt: addDays(due.dueDate, escalationDays),
      });
      recordEvent(
        repos,
        actor,
        'dispatch.due_changed',
        {
          campaignId: dispatch.campaignId,
          letterId: dispatch.letterId,
          dispatchId: dispatch.id,
          companyId: dispatch.companyId,
        },
        { from: dispatch.dueAt, to: due.dueDate, explanation: due.explanation, reason },
      );
    });
    return true;
  }

  function writeAnswer(
    dispatch: DispatchRow,
    questionId: number,
    input: AnswerInput,
    responseId: number | null,
    actor: Actor,
  ) {
    const answer = repos.dispatches.insertAnswer({
      dispatchId: dispatch.id,
      questionId,
      responseId,
      status: input.status,
      quality: input.quality ?? null,
      note: input.note ?? null,
      excerpt: input.excerpt ?? null,
      assessedBy: actor.userId,
    });
    recordEvent(
      repos,
      actor,
      'answer.assessed',
      {
        campaignId: dispatch.campaignId,
        letterId: dispatch.letterId,
        dispatchId: dispatch.id,
        companyId: dispatch.companyId,
      },
      { questionId, status: input.status, quality: input.quality ?? null },
    );
    return answer;
  }

  const service = {
    get,
    getForUser,
    getResponse(id: number) {
      const response = repos.dispatches.findResponse(id);
      if (!response) throw new NotFoundError('Response', id);
      return response;
    },
    today,
    computed,

    board(filter: Omit<DispatchFilter, 'today'>) {
      const day = today();
      const { limit, offset, sort, direction, ...counted } = { ...filter, today: day };
      const total = repos.trackingCache.remember(`board-count:${JSON.stringify(counted)}`, () =>
        repos.dispatches.boardCount(counted),
      );
      const items = repos.dispatches.boardItems({ ...counted, limit, offset, sort, direction }, total);
      return { items: items.map((row) => computed(row, day)), total, limit, offset };
    },

    /**
     * The whole board of a filter, `chunk` rows at a time, as of the day it starts: which
     * dispatches and in what order is fixed by one read at the start, so a status changed or a
     * letter sent while the rows are written (an export yields to other requests between chunks)
     * neither repeats a row nor skips one.
     */
    *boardInChunks(filter: Omit<DispatchFilter, 'today' | 'limit' | 'offset'>, chunk: number) {
      const day = today();
      const ids = repos.dispatches.boardIds({ ...filter, today: day });
      for (let start = 0; start < ids.length; start += chunk) {
        yield repos.dispatches.boardRows(ids.slice(start, start + chunk)).map((row) => computed(row, day));
      }
    },

    /**
     * A dispatch with its questions and responses. Its reply and bounce addresses are for staff and
     * above only (`addresses`): whoever knows them can write mail Docket files on the dispatch.
     */
    detail(dispatch: DispatchRow, { addresses = false }: { addresses?: boolean } = {}) {
      const { questions, coverage: cover } = questionGrid(dispatch);
      const company = repos.companies.findById(dispatch.companyId)!;
      const letter = repos.letters.findById(dispatch.letterId)!;
      const { replyToken, bounceToken, ...row } = dispatch;
      return {
        ...computed(row),
        ...(addresses && {
          replyAddress: replyAddress(replyToken, mailDomain),
          bounceAddress: bounceToken ? bounceAddress(bounceToken, mailDomain) : null,
          deliveryFailures: repos.deliveryFailures.listForDispatch(dispatch.id),
        }),
        company: { id: company.id, name: company.name, country: company.country, sector: company.sector },
        letter: { id: letter.id, title: letter.title, kind: letter.kind, campaignId: letter.campaignId },
        questions,
        coverage: cover,
        responses: repos.dispatches.responses(dispatch.id).map((response) => ({
          ...response,
          attachments: repos.inbound.attachmentsOfResponse(response.id),
        })),
      };
    },

    /** Question coverage of every dispatch of a letter, and over the whole letter. */
    letterCoverage(letterId: number) {
      return repos.trackingCache.remember(`letter-coverage:${letterId}`, () => {
        const asked = repos.dispatches.countForLetter(letterId) * repos.letters.questions(letterId).length;
        const counts = Object.fromEntries(
          repos.dispatches.latestAnswerStatusCounts(letterId).map((r) => [r.status, r.n]),
        );
        return coverageFromCounts(asked, counts);
      });
    },

    countForLetter(letterId: number): number {
      return repos.trackingCache.remember(`letter-dispatches:${letterId}`, () =>
        repos.dispatches.countForLetter(letterId),
      );
    },

    recordResponse(
      dispatchId: number,
      input: ResponseInput,
      actor: Actor,
      source: 'manual' | 'email' = 'manual',
      origin: { inboundMessageId?: number } = {},
    ) {
      const dispatch = get(dispatchId);
      if (!(isCalendarDate(input.receivedAt) || isInstant(input.receivedAt))) {
        throw new ValidationError(
          'receivedAt',
          `"${input.receivedAt}" is not a real date: use YYYY-MM-DD or an ISO 8601 instant`,
        );
      }
      if (input.promisedAt && !isCalendarDate(input.promisedAt)) {
        throw new ValidationError('promisedAt', `"${input.promisedAt}" is not a real date: use YYYY-MM-DD`);
      }
      if (input.promisedAt && input.promisedAt < dispatch.dueRule.sentDate) {
        throw new ValidationError(
          'promisedAt',
          `is before the letter was sent (${formatCalendarDate(dispatch.dueRule.sentDate)})`,
        );
      }
      const receivedAt =
        input.receivedAt.length === 10
          ? `${input.receivedAt}T12:00:00.000Z`
          : new Date(input.receivedAt).toISOString();
      const receivedDate =
        input.receivedAt.length === 10 ? input.receivedAt : dateInZone(new Date(receivedAt), timezone);
      if (receivedDate < dispatch.dueRule.sentDate) {
        throw new ValidationError(
          'receivedAt',
          `is before the letter was sent (${formatCalendarDate(dispatch.dueRule.sentDate)})`,
        );
      }
      if (new Date(receivedAt).getTime() > clock.now().getTime() + 24 * 3600_000) {
        throw new ValidationError('receivedAt', 'cannot be in the future');
      }
      for (const [i, answer] of (input.answers ?? []).entries()) {
        checkQuestion(dispatch, answer.questionId, `answers.${i}.questionId`);
      }

      return repos.transaction(() => {
        const response = repos.dispatches.insertResponse({
          dispatchId,
          receivedAt,
          kind: input.kind,
          fromAddress: input.from ?? null,
          subject: input.subject ?? null,
          body: input.body,
          source,
          reviewed: source === 'manual',
          promisedAt: input.promisedAt ?? null,
          inboundMessageId: origin.inboundMessageId ?? null,
          recordedBy: actor.userId,
        });
        const refs = {
          campaignId: dispatch.campaignId,
          letterId: dispatch.letterId,
          dispatchId,
          companyId: dispatch.companyId,
        };
        recordEvent(repos, actor, 'response.received', refs, {
          responseId: response.id,
          kind: input.kind,
          source,
        });

        // An emailed response changes nothing public until staff confirm its kind (reviewResponse).
        const counts = source === 'manual';
        const status = counts ? statusAfterResponse(dispatch.status, input.kind) : dispatch.status;
        const changes: Partial<DispatchRow> = {};
        if (status !== dispatch.status) changes.status = status;
        if (counts && !dispatch.firstResponseAt && countsAsResponse(input.kind))
          changes.firstResponseAt = receivedAt;
        if (counts && input.kind === 'holding' && status === 'acknowledged') {
          Object.assign(changes, holdingClock(dispatch, input.promisedAt ?? null, receivedDate));
        }
        if (Object.keys(changes).length) repos.dispatches.update(dispatchId, changes);
        if (changes.status)
          recordEvent(repos, actor, 'dispatch.status_changed', refs, { from: dispatch.status, to: status });
        if (changes.dueAt && changes.dueAt !== dispatch.dueAt) {
          recordEvent(repos, actor, 'dispatch.due_changed', refs, {
            from: dispatch.dueAt,
            to: changes.dueAt,
            explanation: changes.dueExplanation,
          });
        }
        for (const answer of input.answers ?? []) {
          const { questionId, ...assessment } = answer;
          writeAnswer(dispatch, questionId, assessment, response.id, actor);
        }
        return response;
      });
    },

    /**
     * Staff confirm what a response is (an emailed reply arrives as substantive until reviewed).
     * The dispatch's status and first-response date are recomputed from all its responses.
     */
    reviewResponse(
      responseId: number,
      input: { kind?: ResponseInput['kind']; reviewed?: boolean },
      actor: Actor,
    ) {
      const response = repos.dispatches.findResponse(responseId);
      if (!response) throw new NotFoundError('Response', responseId);
      if (input.kind === undefined && input.reviewed === undefined) return response;
      const dispatch = get(response.dispatchId);
      const refs = {
        campaignId: dispatch.campaignId,
        letterId: dispatch.letterId,
        dispatchId: dispatch.id,
        companyId: dispatch.companyId,
      };
      return repos.transaction(() => {
        const updated = repos.dispatches.updateResponse(responseId, {
          ...(input.kind !== undefined && { kind: input.kind }),
          ...(input.reviewed !== undefined && { reviewed: input.reviewed }),
        })!;
        const all = repos.dispatches.responses(dispatch.id).filter((r) => r.reviewed);
        const undeliverable = everyRecipientFailed(dispatch.id);
        const status = all.reduce<DispatchRow['status']>(
          (current, r) =>
            r.kind === 'bounce' && !undeliverable ? current : statusAfterResponse(current, r.kind),
          'sent',
        );
        const firstResponseAt = all.find((r) => countsAsResponse(r.kind))?.receivedAt ?? null;
        const changes: Partial<DispatchRow> = {};
        if (status !== dispatch.status) changes.status = status;
        if (firstResponseAt !== dispatch.firstResponseAt) changes.firstResponseAt = firstResponseAt;
        if (input.kind === 'holding' && status === 'acknowledged' && !dispatch.secondDueAt) {
          Object.assign(
            changes,
            holdingClock(dispatch, updated.promisedAt, dateInZone(new Date(updated.receivedAt), timezone)),
          );
        }
        if (Object.keys(changes).length) repos.dispatches.update(dispatch.id, changes);
        recordEvent(repos, actor, 'response.reviewed', refs, {
          responseId,
          from: response.kind,
          to: updated.kind,
        });
        if (changes.status)
          recordEvent(repos, actor, 'dispatch.status_changed', refs, { from: dispatch.status, to: status });
        return updated;
      });
    },

    /**
     * The dispatch page's one form: a new response (when given) and the assessment of every
     * question, saved together or not at all. An assessment equal to the question's latest one is
     * not written again, so saving the form twice adds nothing to the history.
     */
    recordAndAssess(
      dispatchId: number,
      input: { response: ResponseInput | null; answers: (AnswerInput & { questionId: number })[] },
      actor: Actor,
    ) {
      const dispatch = get(dispatchId);
      for (const answer of input.answers)
        checkQuestion(dispatch, answer.questionId, `q${answer.questionId}.status`);
      const latest = new Map(repos.dispatches.latestAnswers([dispatch.id]).map((a) => [a.questionId, a]));
      const changed = input.answers.filter((answer) => {
        const before = latest.get(answer.questionId);
        return (
          !before ||
          before.status !== answer.status ||
          before.quality !== (answer.quality ?? null) ||
          before.note !== (answer.note ?? null) ||
          before.excerpt !== (answer.excerpt ?? null)
        );
      });
      if (input.response) {
        const response = service.recordResponse(dispatchId, { ...input.response, answers: changed }, actor);
        return { response, assessed: changed.length };
      }
      repos.transaction(() => {
        for (const { questionId, ...answer } of changed)
          writeAnswer(dispatch, questionId, answer, null, actor);
      });
      return { response: null, assessed: changed.length };
    },

    assessAnswer(dispatchId: number, questionId: number, input: AnswerInput, actor: Actor) {
      const dispatch = get(dispatchId);
      checkQuestion(dispatch, questionId, 'questionId');
      return repos.transaction(() => writeAnswer(dispatch, questionId, input, null, actor));
    },

    /**
     * Recomputes due dates from their stored inputs and the campaign's own days, so new holiday
     * data moves a due date that has not passed yet. A date a holding reply set is the company's
     * own and is left alone.
     */
    recomputeDueDates(actor: Actor): number {
      const open = repos.dispatches.openOnFirstClockDueFrom(today());
      const own = repos.calendarDays.listForCampaigns([...new Set(open.map((d) => d.campaignId))]);
      const memo = new Map<string, ReturnType<typeof computeDueDateFrom>>();
      let changed = 0;
      for (const dispatch of open) {
        const key = `${dispatch.campaignId}:${JSON.stringify(dispatch.dueRule)}`;
        let due = memo.get(key);
        if (!due) {
          due = computeDueDateFrom(dispatch.dueRule.sentDate, dispatch.dueRule, own.get(dispatch.campaignId));
          memo.set(key, due);
        }
        if (applyRecomputed(dispatch, due, actor, 'recomputed')) changed++;
      }
      return changed;
    },

    /**
     * After a campaign's holiday calendar changed (country, region or its own days): every due date
     * not yet passed and still on the first clock is computed again with the calendar as it is now,
     * with an event per dispatch whose date or explanation changed.
     */
    recomputeCampaignDueDates(campaignId: number, actor: Actor): number {
      const campaign = campaigns.get(campaignId);
      const own = repos.calendarDays.listForCampaign(campaignId);
      let changed = 0;
      for (const dispatch of repos.dispatches.openOnFirstClockDueFrom(today())) {
        if (dispatch.campaignId !== campaignId) continue;
        const rule = {
          ...dispatch.dueRule,
          holidayCountry: campaign.holidayCountry,
          holidayRegion: campaign.holidayRegion,
        };
        const due = computeDueDateFrom(rule.sentDate, rule, own);
        if (applyRecomputed(dispatch, due, actor, 'calendar_changed')) changed++;
      }
      return changed;
    },

    events(dispatchId: number) {
      get(dispatchId);
      return repos.events.listForDispatch(dispatchId);
    },
  };
  return service;
}

export type DispatchesService = ReturnType<typeof createDispatchesService>;
