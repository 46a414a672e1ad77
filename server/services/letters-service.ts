import type {
  CompanyWithContacts,
  LetterRow,
  QuestionInput,
  Repositories,
  UserRow,
} from '../../db/repositories/index.js';
import type { NewLetterApproval } from '../../db/repositories/letter-approvals-repository.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { roleAtLeast } from '../lib/roles.js';
import { signValue, verifySignedValue } from '../lib/tokens.js';
import type { LetterInput, LetterPatch, SignatureInput } from '../schemas/letters.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { isOpen } from './coverage.js';
import { recordEvent } from './events.js';
import { currentLetterEmailVersions } from './letter-approval.js';
import type { LetterContext, LetterRenderer } from './letter-renderer.js';
import { assertDraft, assertTransition } from './letter-status.js';
import { isUniqueViolation } from './sqlite-errors.js';

const aumFormat = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  compactDisplay: 'long',
  maximumFractionDigits: 1,
});
export const formatAum = (usd: number) => `US$${aumFormat.format(usd)}`;

type QuestionsInput = LetterInput['questions'];
const toQuestionInputs = (questions: QuestionsInput): QuestionInput[] =>
  questions.map((q) => (typeof q === 'string' ? { text: q.trim() } : { id: q.id, text: q.text.trim() }));

export function createLettersService({
  repos,
  clock,
  renderer,
  campaigns,
  secret,
  baseUrl,
}: {
  repos: Repositories;
  clock: Clock;
  renderer: LetterRenderer;
  campaigns: CampaignsService;
  secret: string;
  baseUrl: string;
}) {
  const nowIso = () => clock.now().toISOString();

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

  function signatoriesOf(letterId: number) {
    const rows = repos.letters.signatories(letterId);
    const aumTotalUsd = rows.reduce((sum, s) => sum + (s.aumUsd ?? 0), 0);
    return { rows, aumTotalUsd, aumTotal: aumTotalUsd ? formatAum(aumTotalUsd) : '' };
  }

  function signOnToken(letter: LetterRow): string | null {
    if (!letter.signOnClosesAt) return null;
    const payload = Buffer.from(`${letter.id}:${Date.parse(letter.signOnClosesAt)}`).toString('base64url');
    return signValue(secret, payload);
  }

  function parentOf(letter: LetterRow) {
    return letter.parentLetterId ? repos.letters.findById(letter.parentLetterId) : undefined;
  }

  /** Renders the letter for every target as it will go out; a template error approves nothing. */
  function freeze(letter: LetterRow, actor: Actor): NewLetterApproval[] {
    const templateVersions = currentLetterEmailVersions(repos);
    return repos.companies.findByIds(repos.letters.companyIds(letter.id)).map((company) => ({
      letterId: letter.id,
      companyId: company.id,
      ...renderer.render(letter, service.context(letter, company)),
      templateVersions,
      approvedBy: actor.userId,
    }));
  }

  const service = {
    get,
    getForUser,
    signatoriesOf,

    /** Everything a letter template may use, for one company (and its dispatch once sent). */
    context(
      letter: LetterRow,
      company: CompanyWithContacts,
      extra: Partial<LetterContext> = {},
    ): LetterContext {
      const campaign = campaigns.get(letter.campaignId);
      const { rows, aumTotalUsd, aumTotal } = signatoriesOf(letter.id);
      const questions = repos.letters
        .questions(letter.id)
        .map((q) => ({ id: q.id, number: q.number, text: q.text, originQuestionId: q.originQuestionId }));
      const own =
        letter.status === 'sent' ? repos.dispatches.findForLetterCompany(letter.id, company.id) : undefined;
      const parent = parentOf(letter);
      const parentDispatch = parent
        ? repos.dispatches.findForLetterCompany(parent.id, company.id)
        : undefined;

      // A follow-up lists what is still open for this company in the letter it follows; a sent letter, what is open in its own copy.
      const assessed = parentDispatch ?? own;
      let openQuestions = questions;
      if (assessed) {
        const latest = new Map(
          repos.dispatches.latestAnswers([assessed.id]).map((a) => [a.questionId, a.status]),
        );
        const assessedQuestions = repos.letters.questions(assessed.letterId);
        const openIds = new Set(
          assessedQuestions.filter((q) => isOpen(latest.get(q.id))).map((q) => q.originQuestionId ?? q.id),
        );
        openQuestions = questions.filter((q) => openIds.has(q.originQuestionId ?? q.id));
      }
      const promise = parentDispatch
        ? (repos.dispatches
            .responses(parentDispatch.id)
            .filter((r) => r.promisedAt)
            .at(-1)?.promisedAt ?? null)
        : null;
      const chain: LetterRow[] = [];
      for (let l = parent; l; l = parentOf(l)) chain.unshift(l);
      const coordinatorId =
        repos.campaigns.coordinatorIds(campaign.id)[0] ?? letter.approvedBy ?? letter.createdBy;
      const coordinator = coordinatorId ? repos.users.findById(coordinatorId) : undefined;
      const strip = (q: (typeof questions)[number]) => ({ id: q.id, number: q.number, text: q.text });
      return {
        company: {
          name: company.name,
          country: company.country,
          sector: company.sector,
          ticker: company.ticker,
          isin: company.isin,
          website: company.website,
          jurisdiction: company.jurisdiction,
          contacts: company.contacts.map((c) => ({ name: c.name, function: c.function, email: c.email })),
        },
        campaign: {
          name: campaign.name,
          description: campaign.description,
          responseDays: campaign.responseDays,
        },
        letter: {
          id: letter.id,
          title: letter.title,
          kind: letter.kind,
          locale: letter.locale,
          sentAt: letter.sentAt,
        },
        dispatch: own ? { sentAt: own.sentAt, dueAt: own.dueAt, dueExplanation: own.dueExplanation } : null,
        questions: questions.map(strip),
        openQuestions: openQuestions.map(strip),
        listedQuestions: (parent ? openQuestions : questions).map(strip),
        previousLetter: parent
          ? {
              title: parent.title,
              sentAt: parentDispatch?.sentAt ?? parent.sentAt,
              dueAt: parentDispatch?.dueAt ?? null,
              promisedAt: promise,
              respondedAt: parentDispatch?.firstResponseAt ?? null,
            }
          : null,
        previousLetters: chain.map((l) => {
          const sent = repos.dispatches.findForLetterCompany(l.id, company.id);
          return { title: l.title, sentAt: sent?.sentAt ?? l.sentAt, dueAt: sent?.dueAt ?? null };
        }),
        signatories: rows.map((s) => ({
          organization: s.organizationName,
          name: s.signerName,
          title: s.signerTitle,
          role: s.signatoryRole,
        })),
        signatoryCount: rows.length,
        aumTotalUsd,
        aumTotal,
        coordinator: coordinator ? { name: coordinator.name, email: coordinator.email } : null,
        ...extra,
      };
    },

    view(letter: LetterRow) {
      const signatories = signatoriesOf(letter.id);
      const token = letter.status === 'sign_on' ? signOnToken(letter) : null;
      return {
        ...letter,
        questions: repos.letters
          .questions(letter.id)
          .map((q) => ({ id: q.id, number: q.number, text: q.text, originQuestionId: q.originQuestionId })),
        companyIds: repos.letters.companyIds(letter.id),
        signatories: signatories.rows,
        aumTotalUsd: signatories.aumTotalUsd,
        signOnUrl: token ? `${baseUrl}/sign/${token}` : null,
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
      return renderer.render(letter, service.context(letter, company));
    },

    openSignOn(id: number, closesAt: string, actor: Actor): LetterRow {
      const letter = get(id);
      assertTransition(letter.status, 'sign_on');
      if (Date.parse(closesAt) <= clock.now().getTime())
        throw new ValidationError('closesAt', 'must be in the future');
      return repos.transaction(() => {
        const updated = repos.letters.update(id, {
          status: 'sign_on',
          signOnClosesAt: new Date(closesAt).toISOString(),
        })!;
        recordEvent(
          repos,
          actor,
          'letter.sign_on_opened',
          { campaignId: letter.campaignId, letterId: id },
          { closesAt },
        );
        return updated;
      });
    },

    /** The letter a sign-on link opens, while that link is valid: unforged, not superseded, not closed. */
    letterForSignOnToken(token: string): LetterRow {
      const payload = verifySignedValue(secret, token);
      const [idText, closesText] = payload ? Buffer.from(payload, 'base64url').toString().split(':') : [];
      const letter = idText ? repos.letters.findById(Number(idText)) : undefined;
      if (!letter || !letter.signOnClosesAt || Date.parse(letter.signOnClosesAt) !== Number(closesText)) {
        throw new NotFoundError('Sign-on link');
      }
      if (letter.status !== 'sign_on' || clock.now().getTime() >= Number(closesText)) {
        throw new ConflictError('this letter is no longer open for signatures', undefined, 'SIGN_ON_CLOSED');
      }
      return letter;
    },

    sign(
      id: number,
      input: SignatureInput,
      signer: { user: UserRow | null; source: 'account' | 'link' | 'staff'; actor: Actor },
    ) {
      const letter = get(id);
      if (
        letter.status !== 'sign_on' ||
        !letter.signOnClosesAt ||
        Date.parse(letter.signOnClosesAt) <= clock.now().getTime()
      ) {
        throw new ConflictError('this letter is not open for signatures', undefined, 'SIGN_ON_CLOSED');
      }
      if (!repos.organizations.findById(input.organizationId)) {
        throw new ValidationError('organizationId', `organization ${input.organizationId} does not exist`);
      }
      if (
        signer.user &&
        !roleAtLeast(signer.user.role, 'staff') &&
        signer.user.organizationId !== input.organizationId
      ) {
        throw new ForbiddenError('Members sign for their own organization only');
      }
      try {
        return repos.transaction(() => {
          const signature = repos.letters.insertSignature({
            letterId: id,
            organizationId: input.organizationId,
            signerName: input.signerName.trim(),
            signerTitle: input.signerTitle?.trim() || null,
            signatoryRole: input.signatoryRole ?? 'supporter',
            userId: signer.user?.id ?? null,
            source: signer.source,
          });
          recordEvent(
            repos,
            signer.actor,
            'letter.signed',
            { campaignId: letter.campaignId, letterId: id, organizationId: input.organizationId },
            { signerName: signature.signerName, source: signer.source },
          );
          return signature;
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError('this organization has already signed', 'organizationId', 'ALREADY_SIGNED');
        throw error;
      }
    },

    withdrawSignature(id: number, signatureId: number, user: UserRow, actor: Actor) {
      const letter = get(id);
      const signature = repos.letters.findSignature(signatureId);
      if (!signature || signature.letterId !== id || signature.withdrawnAt)
        throw new NotFoundError('Signature', signatureId);
      if (letter.status === 'sent')
        throw new ConflictError('signatures of a sent letter cannot be withdrawn', undefined, 'ALREADY_SENT');
      if (!roleAtLeast(user.role, 'coordinator') && user.organizationId !== signature.organizationId) {
        throw new ForbiddenError('Only your own organization’s signature can be withdrawn');
      }
      repos.transaction(() => {
        repos.letters.withdrawSignature(signatureId, nowIso());
        recordEvent(repos, actor, 'letter.signature_withdrawn', {
          campaignId: letter.campaignId,
          letterId: id,
          organizationId: signature.organizationId,
        });
      });
    },

    approve(id: number, actor: Actor): LetterRow {
      const letter = get(id);
      assertTransition(letter.status, 'approved');
      if (repos.letters.companyIds(id).length === 0)
        throw new ValidationError('companyIds', 'the letter has no target companies');
      const frozen = freeze(letter, actor);
      return repos.transaction(() => {
        if (
          !repos.letters.transition(id, ['draft', 'sign_on'], {
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
        repos.letters.transition(id, ['sign_on', 'approved'], {
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
        repos.letters.transition(id, ['draft', 'sign_on', 'approved'], {
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
