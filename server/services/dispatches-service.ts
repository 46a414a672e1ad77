import type { DispatchFilter, DispatchRow, Repositories, UserRow } from '../../db/repositories/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { addDays, dateInZone, daysBetween, formatCalendarDate } from '../lib/calendar-dates.js';
import type { Clock } from '../lib/clock.js';
import { computeDueDateFrom, computeEscalateDate } from '../lib/due-dates.js';
import type { AnswerInput, ResponseInput } from '../schemas/dispatches.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { coverage, coverageFromCounts, isOpen } from './coverage.js';
import { isRealResponse, lateness, publicLabel, statusAfterResponse } from './dispatch-status.js';
import { recordEvent } from './events.js';
import { replyAddress } from './sending-service.js';

export function createDispatchesService({
  repos,
  clock,
  campaigns,
  timezone,
  mailDomain,
}: {
  repos: Repositories;
  clock: Clock;
  campaigns: CampaignsService;
  timezone: string;
  mailDomain: string;
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
    const questions = repos.letters.questions(dispatch.letterId).map((q) => {
      const answer = latest.get(q.id);
      return {
        id: q.id,
        number: q.number,
        text: q.text,
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
    const dueAt = second > dispatch.dueAt ? second : dispatch.dueAt;
    return {
      secondDueAt: second,
      dueAt,
      escalateAt: computeEscalateDate(dueAt, campaign.escalationDays),
      dueExplanation: promisedAt
        ? `${formatCalendarDate(second)}: the date ${formatCalendarDate(promisedAt)} promised in the holding reply of ${formatCalendarDate(receivedDate)}`
        : `${formatCalendarDate(second)}: holding reply received ${formatCalendarDate(receivedDate)}; ${campaign.holdingResponseDays} days from ${formatCalendarDate(dispatch.dueRule.sentDate)}`,
    };
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

  return {
    get,
    getForUser,
    today,
    computed,

    board(filter: Omit<DispatchFilter, 'today'>) {
      const day = today();
      const { limit, offset, sort, direction, ...counted } = { ...filter, today: day };
      const items = repos.dispatches.boardItems({ ...counted, limit, offset, sort, direction });
      const total = repos.trackingCache.remember(`board-count:${JSON.stringify(counted)}`, () =>
        repos.dispatches.boardCount(counted),
      );
      return { items: items.map((row) => computed(row, day)), total, limit, offset };
    },

    detail(dispatch: DispatchRow) {
      const { questions, coverage: cover } = questionGrid(dispatch);
      const company = repos.companies.findById(dispatch.companyId)!;
      const letter = repos.letters.findById(dispatch.letterId)!;
      return {
        ...computed(dispatch),
        replyAddress: replyAddress(dispatch.replyToken, mailDomain),
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

        const status = statusAfterResponse(dispatch.status, input.kind);
        const changes: Partial<DispatchRow> = {};
        if (status !== dispatch.status) changes.status = status;
        if (!dispatch.firstResponseAt && isRealResponse(input.kind)) changes.firstResponseAt = receivedAt;
        if (input.kind === 'holding' && status === 'acknowledged') {
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
        const all = repos.dispatches.responses(dispatch.id);
        const status = all.reduce<DispatchRow['status']>(
          (current, r) => statusAfterResponse(current, r.kind),
          'sent',
        );
        const firstResponseAt = all.find((r) => isRealResponse(r.kind))?.receivedAt ?? null;
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

    assessAnswer(dispatchId: number, questionId: number, input: AnswerInput, actor: Actor) {
      const dispatch = get(dispatchId);
      checkQuestion(dispatch, questionId, 'questionId');
      return repos.transaction(() => writeAnswer(dispatch, questionId, input, null, actor));
    },

    /**
     * Recomputes due dates from their stored inputs, so new holiday data moves a due date that has
     * not passed yet. A date a holding reply set is the company's own and is left alone.
     */
    recomputeDueDates(actor: Actor): number {
      let changed = 0;
      const memo = new Map<string, ReturnType<typeof computeDueDateFrom>>();
      for (const dispatch of repos.dispatches.openOnFirstClockDueFrom(today())) {
        const key = JSON.stringify(dispatch.dueRule);
        let due = memo.get(key);
        if (!due) {
          due = computeDueDateFrom(dispatch.dueRule.sentDate, dispatch.dueRule);
          memo.set(key, due);
        }
        if (due.dueDate === dispatch.dueAt) continue;
        const recomputed = due;
        const escalationDays = daysBetween(dispatch.dueAt, dispatch.escalateAt);
        repos.transaction(() => {
          repos.dispatches.update(dispatch.id, {
            dueAt: recomputed.dueDate,
            dueExplanation: recomputed.explanation,
            escalateAt: addDays(recomputed.dueDate, escalationDays),
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
            {
              from: dispatch.dueAt,
              to: recomputed.dueDate,
              explanation: recomputed.explanation,
              reason: 'recomputed',
            },
          );
        });
        changed++;
      }
      return changed;
    },

    events(dispatchId: number) {
      get(dispatchId);
      return repos.events.listForDispatch(dispatchId);
    },
  };
}

export type DispatchesService = ReturnType<typeof createDispatchesService>;
