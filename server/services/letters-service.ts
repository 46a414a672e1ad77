import type { LetterRow, QuestionInput, Repositories, UserRow } from '../../db/repositories/index.js';
import type { NewLetterApproval } from '../../db/repositories/letter-approvals-repository.js';
import { assertDraft, assertTransition, statusesThatCanBecome } from '../domain/letter-lifecycle.js';
import { isSignOnOpen } from '../domain/sign-on-window.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { LetterInput, LetterPatch } from '../schemas/letters.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { recordEvent } from './events.js';
import { currentLetterEmailVersions, templateChangesSinceApproval } from './letter-approval.js';
import { createLetterContexts } from './letter-context.js';
import type { LetterRenderer } from './letter-renderer.js';

type QuestionsInput = LetterInput['questions'];
const toQuestionInputs = (questions: QuestionsInput): QuestionInput[] =>
  questions.map((q) => (typeof q === 'string' ? { text: q.trim() } : { id: q.id, text: q.text.trim() }));

export function createLettersService({
  repos,
  clock,
  renderer,
  campaigns,
}: {
  repos: Repositories;
  clock: Clock;
  renderer: LetterRenderer;
  campaigns: CampaignsService;
}) {
  const nowIso = () => clock.now().toISOString();
  const contexts = createLetterContexts({ repos, renderer, campaigns });

  function get(id: number): LetterRow {
    const letter = repos.letters.findById(id);
    if (!letter) throw new NotFoundError('Letter', id);
    return letter;
  }

  function getForUser(id: number, user: UserRow): LetterRow {
    const letter = get(id);
    campaigns.getForUser(letter.campaignId, user);
    return letter;
  }

  function checkQuestions(questions: QuestionInput[]) {
    questions.forEach((q, i) => {
      if (!q.text) throw new ValidationError(`questions.${i}`, 'must not be empty');
    });
    renderer.checkQuestions(questions);
  }

  function checkCompanies(companyIds: number[]) {
    const found = new Set(repos.companies.findByIds(companyIds).map((c) => c.id));
    const missing = companyIds.find((id) => !found.has(id));
    if (missing !== undefined) throw new ValidationError('companyIds', `company ${missing} does not exist`);
  }

  function saveVersion(letterId: number, actor: Actor) {
    const letter = get(letterId);
    repos.letters.addVersion(letterId, {
      title: letter.title,
      body: letter.body,
      questions: repos.letters.questions(letterId).map((q) => q.text),
      createdBy: actor.userId,
    });
  }

  /** Renders the letter for every target as it will go out; a template error approves nothing. */
  function freeze(letter: LetterRow, actor: Actor): NewLetterApproval[] {
    const templateVersions = currentLetterEmailVersions(repos);
    return repos.companies.findByIds(repos.letters.companyIds(letter.id)).map((company) => ({
      letterId: letter.id,
      companyId: company.id,
      ...renderer.render(letter, contexts.context(letter, company)),
      templateVersions,
      approvedBy: actor.userId,
    }));
  }

  const service = {
    get,
    getForUser,
    listForCampaign: (campaignId: number) => repos.letters.listForCampaign(campaignId),
    versions: (id: number) => repos.letters.versions(id),
    /** The companies a letter goes to, with their contacts. */
    targets: (id: number) => repos.letters.targets(id),
    companyIds: (id: number) => repos.letters.companyIds(id),
    questions: (id: number) => repos.letters.questions(id),
    /** The letter this one follows up, if any. */
    parentOf: (letter: LetterRow) =>
      letter.parentLetterId ? repos.letters.findById(letter.parentLetterId) : undefined,
    signatoriesOf: contexts.signatoriesOf,
    context: contexts.context,
    subjectFor: contexts.subjectFor,
    questionTextsFor: contexts.questionTextsFor,

    /** Email templates changed since this letter was approved (what approving again would pick up). */
    templateChanges: (letterId: number) =>
      templateChangesSinceApproval(repos, repos.letterApprovals.forLetter(letterId)),

    view(letter: LetterRow) {
      const signatories = contexts.signatoriesOf(letter.id);
      return {
        ...letter,
        questions: repos.letters
          .questions(letter.id)
          .map((q) => ({ id: q.id, number: q.number, text: q.text, originQuestionId: q.originQuestionId })),
        companyIds: repos.letters.companyIds(letter.id),
        signatories: signatories.rows,
        aumTotalUsd: signatories.aumTotalUsd,
      };
    },

    create(
      campaignId: number,
      input: LetterInput & {
        parentLetterId?: number | null;
        questionOrigins?: (number | null)[];
        questionNumbers?: number[];
      },
      actor: Actor,
    ): LetterRow {
      campaigns.get(campaignId);
      const questions = toQuestionInputs(input.questions).map((q, i) => ({
        ...q,
        id: undefined,
        originQuestionId: input.questionOrigins?.[i] ?? null,
        number: input.questionNumbers?.[i],
      }));
      checkQuestions(questions);
      checkCompanies(input.companyIds);
      renderer.check(input.title, 'title');
      renderer.check(input.body, 'body');
      return repos.transaction(() => {
        const letter = repos.letters.insert({
          campaignId,
          kind: input.kind ?? 'initial',
          title: input.title.trim(),
          body: input.body,
          templateId: input.templateId ?? null,
          parentLetterId: input.parentLetterId ?? null,
          responseDays: input.responseDays ?? null,
          signOnClosesAt: input.signOnClosesAt ?? null,
          createdBy: actor.userId,
        });
        repos.letters.replaceQuestions(letter.id, questions);
        repos.letters.setCompanies(letter.id, input.companyIds);
        repos.campaigns.addCompanies(campaignId, input.companyIds);
        saveVersion(letter.id, actor);
        recordEvent(
          repos,
          actor,
          'letter.created',
          { campaignId, letterId: letter.id },
          { title: letter.title, kind: letter.kind },
        );
        return letter;
      });
    },

    update(id: number, patch: LetterPatch, actor: Actor): LetterRow {
      const letter = get(id);
      assertDraft(letter.status);
      const questions = patch.questions ? toQuestionInputs(patch.questions) : undefined;
      if (questions) checkQuestions(questions);
      if (patch.companyIds) checkCompanies(patch.companyIds);
      if (patch.title !== undefined) renderer.check(patch.title, 'title');
      if (patch.body !== undefined) renderer.check(patch.body, 'body');
      return repos.transaction(() => {
        const { questions: _q, companyIds, ...fields } = patch;
        const updated = repos.letters.update(id, {
          ...fields,
          ...(fields.title !== undefined && { title: fields.title.trim() }),
        })!;
        if (questions) {
          const existing = new Set(repos.letters.questions(id).map((q) => q.id));
          const foreign = questions.find((q) => q.id !== undefined && !existing.has(q.id));
          if (foreign)
            throw new ValidationError('questions', `question ${foreign.id} is not part of this letter`);
          repos.letters.replaceQuestions(id, questions);
        }
        if (companyIds) {
          repos.letters.setCompanies(id, companyIds);
          repos.campaigns.addCompanies(letter.campaignId, companyIds);
        }
        if (patch.title !== undefined || patch.body !== undefined || questions) saveVersion(id, actor);
        recordEvent(
          repos,
          actor,
          'letter.updated',
          { campaignId: letter.campaignId, letterId: id },
          { fields: Object.keys(patch) },
        );
        return updated;
      });
    },

    preview(id: number, companyId: number) {
      const letter = get(id);
      const company = repos.companies.findById(companyId);
      if (!company) throw new ValidationError('companyId', `company ${companyId} does not exist`);
      return renderer.render(letter, contexts.context(letter, company));
    },

    /** Approves a letter for sending. While sign-on is still open it refuses: approving would silently end it. */
    approve(id: number, actor: Actor): LetterRow {
      const letter = get(id);
      assertTransition(letter.status, 'approved');
      if (repos.letters.companyIds(id).length === 0)
        throw new ValidationError('companyIds', 'the letter has no target companies');
      if (isSignOnOpen(letter, clock.now())) {
        throw new ConflictError(
          `sign-on is open until ${letter.signOnClosesAt}; close sign-on first, then approve`,
          'status',
          'SIGN_ON_OPEN',
        );
      }
      const frozen = freeze(letter, actor);
      return repos.transaction(() => {
        if (
          !repos.letters.transition(id, statusesThatCanBecome('approved'), {
            status: 'approved',
            approvedAt: nowIso(),
            approvedBy: actor.userId,
          })
        ) {
          throw new ConflictError('the letter changed meanwhile; reload and try again');
        }
        repos.letterApprovals.replace(id, frozen);
        recordEvent(repos, actor, 'letter.approved', { campaignId: letter.campaignId, letterId: id });
        return get(id);
      });
    },

    /** Approves an approved letter again: the frozen copies are rendered anew with today's templates. */
    reapprove(id: number, actor: Actor): LetterRow {
      const letter = get(id);
      if (letter.status !== 'approved')
        throw new ConflictError('only an approved letter can be approved again', 'status', 'NOT_APPROVED');
      const frozen = freeze(letter, actor);
      return repos.transaction(() => {
        if (
          !repos.letters.transition(id, ['approved'], {
            status: 'approved',
            approvedAt: nowIso(),
            approvedBy: actor.userId,
          })
        ) {
          throw new ConflictError('the letter changed meanwhile; reload and try again');
        }
        repos.letterApprovals.replace(id, frozen);
        recordEvent(repos, actor, 'letter.reapproved', { campaignId: letter.campaignId, letterId: id });
        return get(id);
      });
    },

    reopen(id: number, actor: Actor): LetterRow {
      const letter = get(id);
      assertTransition(letter.status, 'draft');
      return repos.transaction(() => {
        repos.letters.transition(id, statusesThatCanBecome('draft'), {
          status: 'draft',
          approvedAt: null,
          approvedBy: null,
        });
        repos.letterApprovals.clear(id);
        recordEvent(
          repos,
          actor,
          'letter.reopened',
          { campaignId: letter.campaignId, letterId: id },
          { from: letter.status },
        );
        return get(id);
      });
    },

    withdraw(id: number, actor: Actor): LetterRow {
      const letter = get(id);
      assertTransition(letter.status, 'withdrawn');
      return repos.transaction(() => {
        repos.letters.transition(id, statusesThatCanBecome('withdrawn'), {
          status: 'withdrawn',
          withdrawnAt: nowIso(),
        });
        recordEvent(repos, actor, 'letter.withdrawn', { campaignId: letter.campaignId, letterId: id });
        return get(id);
      });
    },
  };
  return service;
}

export type LettersService = ReturnType<typeof createLettersService>;
