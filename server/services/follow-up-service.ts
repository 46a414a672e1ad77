import type { Repositories } from '../../db/repositories/index.js';
import { followUpDefault } from '../domain/follow-up-defaults.js';
import { isOpen } from '../domain/open-questions.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Actor } from './actor.js';
import { recordEvent } from './events.js';
import type { LettersService } from './letters-service.js';
import type { TemplatesService } from './templates/templates-service.js';

export const FOLLOW_UP_KINDS = ['follow_up', 'reminder', 'escalation'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export interface FollowUpRequest {
  companyIds?: number[];
  templateId?: number;
  responseDays?: number;
  kind?: FollowUpKind;
}

export function createFollowUpService({
  repos,
  letters,
  templates,
  today,
}: {
  repos: Repositories;
  letters: LettersService;
  templates: TemplatesService;
  /** Today's calendar date in the coalition's time zone. */
  today: () => string;
}) {
  /** Per company that received the letter: the question ids still open for it. */
  function openQuestionsByCompany(letterId: number): Map<number, Set<number>> {
    const dispatches = repos.dispatches.listForLetter(letterId);
    const questions = repos.letters.questions(letterId);
    const latest = new Map(
      repos.dispatches
        .latestAnswers(dispatches.map((d) => d.id))
        .map((a) => [`${a.dispatchId}:${a.questionId}`, a.status]),
    );
    return new Map(
      dispatches.map((d) => [
        d.companyId,
        new Set(questions.filter((q) => isOpen(latest.get(`${d.id}:${q.id}`))).map((q) => q.id)),
      ]),
    );
  }

  /** The latest day a company declined, from its responses marked as a refusal. */
  function declinedOn(dispatchId: number): string | null {
    const declined = repos.dispatches.responses(dispatchId).filter((r) => r.kind === 'declined');
    return (
      declined
        .map((r) => r.receivedAt)
        .sort()
        .at(-1) ?? null
    );
  }

  return {
    openQuestionsByCompany,

    /**
     * Every company that received the letter, for the follow-up form: its open questions and
     * whether it is checked by default, with the reason in words (see followUpDefault).
     */
    candidates(letterId: number) {
      const day = today();
      const open = openQuestionsByCompany(letterId);
      return repos.dispatches
        .listForLetter(letterId)
        .map((dispatch) => {
          const company = repos.companies.findById(dispatch.companyId)!;
          const openQuestions = open.get(dispatch.companyId)?.size ?? 0;
          const decision = followUpDefault(
            {
              status: dispatch.status,
              dueAt: dispatch.dueAt,
              openQuestions,
              declinedOn: dispatch.status === 'declined' ? declinedOn(dispatch.id) : null,
              closedOn: dispatch.closedAt,
            },
            day,
          );
          return { id: company.id, name: company.name, open: openQuestions, ...decision };
        })
        .sort(
          (a, b) =>
            Number(b.checked) - Number(a.checked) ||
            Number(b.selectable) - Number(a.selectable) ||
            a.name.localeCompare(b.name),
        );
    },

    /**
     * Drafts one follow-up letter for the companies that did not answer fully. Each company's copy
     * lists exactly its own open questions, under their original numbers and identity.
     */
    draft(letterId: number, request: FollowUpRequest, actor: Actor) {
      const parent = letters.get(letterId);
      if (parent.status !== 'sent')
        throw new ConflictError('only a sent letter can be followed up', 'status', 'NOT_SENT');
      const open = openQuestionsByCompany(letterId);
      if (request.companyIds) {
        const stranger = request.companyIds.find((id) => !open.has(id));
        if (stranger !== undefined)
          throw new ValidationError('companyIds', `company ${stranger} did not receive this letter`);
      }
      const wanted = request.companyIds ?? [...open.keys()];
      const companyIds = wanted.filter((id) => (open.get(id)?.size ?? 0) > 0);
      const skipped = wanted.filter((id) => !companyIds.includes(id));
      if (companyIds.length === 0) {
        throw new ConflictError(
          'every company answered all questions; there is nothing to follow up',
          'companyIds',
          'NOTHING_OPEN',
        );
      }
      const openIds = new Set(companyIds.flatMap((id) => [...open.get(id)!]));
      const questions = repos.letters.questions(letterId).filter((q) => openIds.has(q.id));
      const kind = request.kind ?? 'follow_up';
      const template = templates.letterTemplate(kind, request.templateId);

      const letter = repos.transaction(() => {
        const created = letters.create(
          parent.campaignId,
          {
            kind,
            title: template.subject ?? `Follow-up: ${parent.title}`,
            body: template.body,
            questions: questions.map((q) => q.text),
            questionNumbers: questions.map((q) => q.number),
            questionOrigins: questions.map((q) => q.originQuestionId ?? q.id),
            companyIds,
            templateId: template.id,
            responseDays: request.responseDays ?? null,
            parentLetterId: parent.id,
          },
          actor,
        );
        recordEvent(
          repos,
          actor,
          'letter.follow_up_drafted',
          { campaignId: parent.campaignId, letterId: parent.id },
          {
            followUpLetterId: created.id,
            companies: companyIds.length,
            skipped: skipped.length,
          },
        );
        return created;
      });
      return { letter, companyIds, skippedCompanyIds: skipped };
    },
  };
}

export type FollowUpService = ReturnType<typeof createFollowUpService>;
