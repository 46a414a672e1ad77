import type {
  CompanyWithContacts,
  LetterRow,
  QuestionInput,
  Repositories,
  UserRow,
} from '../../db/repositories/index.js';
import type { NewLetterApproval } from '../../db/repositories/letter-approvals-repository.js';
import { assertDraft, assertTransition, statusesThatCanBecome } from '../domain/letter-lifecycle.js';
import { citedPromise } from '../domain/responses.js';
import { isSignOnOpen } from '../domain/sign-on-window.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { roleAtLeast } from '../lib/roles.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import { signValue, verifySignedValue } from '../lib/tokens.js';
import type { LetterInput, LetterPatch, SignatureInput } from '../schemas/letters.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { isOpen } from './coverage.js';
import { recordEvent } from './events.js';
import { currentLetterEmailVersions, templateChangesSinceApproval } from './letter-approval.js';
import type { LetterContext, LetterRenderer } from './letter-renderer.js';
import type { Mailer } from './mailer.js';
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
  mailer,
}: {
  repos: Repositories;
  clock: Clock;
  renderer: LetterRenderer;
  campaigns: CampaignsService;
  secret: string;
  baseUrl: string;
  /** Sends each organization's people its sign-on link; without it, links are only shown to coordinators. */
  mailer?: Mailer;
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

  function signatoriesOf(letterId: number) {
    const rows = repos.letters.signatories(letterId);
    const aumTotalUsd = rows.reduce((sum, s) => sum + (s.aumUsd ?? 0), 0);
    return { rows, aumTotalUsd, aumTotal: aumTotalUsd ? formatAum(aumTotalUsd) : '' };
  }

  /** A sign-on link's token: bound to the letter, its closing time and ONE organization. */
  function signOnToken(letter: LetterRow, organizationId: number): string | null {
    if (!letter.signOnClosesAt) return null;
    const payload = Buffer.from(
      `${letter.id}:${Date.parse(letter.signOnClosesAt)}:${organizationId}`,
    ).toString('base64url');
    return signValue(secret, payload);
  }

  /** Each member organization's own sign-on link, and whether it has signed. */
  function signOnLinks(letter: LetterRow) {
    if (letter.status !== 'sign_on') return [];
    const signed = new Set(repos.letters.signatories(letter.id).map((s) => s.organizationId));
    return repos.campaigns.organizations(letter.campaignId).map((org) => ({
      organizationId: org.id,
      organizationName: org.name,
      url: `${baseUrl}/sign/${signOnToken(letter, org.id)}`,
      signed: signed.has(org.id),
    }));
  }

  /** Emails every active person of each member organization their organization's link. */
  function emailSignOnLinks(letter: LetterRow) {
    if (!mailer) return 0;
    const links = new Map(signOnLinks(letter).map((l) => [l.organizationId, l]));
    const campaign = campaigns.get(letter.campaignId);
    let queued = 0;
    for (const person of repos.reminders.membersOf(letter.campaignId)) {
      const link = links.get(person.organizationId);
      if (!link) continue;
      mailer.queue({
        kind: 'sign_on',
        to: person.email,
        template: 'sign-on-invitation',
        data: {
          name: person.name,
          organizationName: link.organizationName,
          campaignName: campaign.name,
          letterTitle: withPlaceholders(letter.title),
          closesAt: letter.signOnClosesAt,
          url: link.url,
        },
        userId: person.id,
      });
      queued++;
    }
    return queued;
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
        ? citedPromise(repos.dispatches.responses(parentDispatch.id), parentDispatch.dueAt)
        : null;
      const chain: LetterRow[] = [];
      for (let l = parent; l; l = parentOf(l)) chain.unshift(l);
      // An earlier letter's title as this company received it, never its raw {{variables}}.
      const titleFor = (earlier: LetterRow) =>
        renderer.renderSubject(earlier, service.context(earlier, company));
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
              title: titleFor(parent),
              sentAt: parentDispatch?.sentAt ?? parent.sentAt,
              dueAt: parentDispatch?.dueAt ?? null,
              promisedAt: promise,
              respondedAt: parentDispatch?.firstResponseAt ?? null,
            }
          : null,
        previousLetters: chain.map((l) => {
          const sent = repos.dispatches.findForLetterCompany(l.id, company.id);
          return { title: titleFor(l), sentAt: sent?.sentAt ?? l.sentAt, dueAt: sent?.dueAt ?? null };
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

    signOnLinks,
    /** Email templates changed since this letter was approved (what approving again would pick up). */
    templateChanges: (letterId: number) =>
      templateChangesSinceApproval(repos, repos.letterApprovals.forLetter(letterId)),

    view(letter: LetterRow) {
      const signatories = signatoriesOf(letter.id);
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

    /** The title as one company reads it (its email subject); a readable placeholder if it cannot render. */
    subjectFor(letterId: number, companyId: number): string {
      const letter = get(letterId);
      // Most titles use no variable: no need to build the company's whole context.
      if (!letter.title.includes('{{')) return letter.title.replace(/\s+/g, ' ').trim();
      const company = repos.companies.findById(companyId);
      if (!company) return withPlaceholders(letter.title);
      try {
        return renderer.renderSubject(letter, service.context(letter, company));
      } catch (error) {
        if (error instanceof ValidationError) return withPlaceholders(letter.title);
        throw error;
      }
    },

    /** Question id → its text as one company reads it (raw variables shown as placeholders if it cannot render). */
    questionTextsFor(letterId: number, companyId: number): Map<number, string> {
      const letter = get(letterId);
      const raw = repos.letters.questions(letterId);
      if (!raw.some((q) => q.text.includes('{{'))) return new Map(raw.map((q) => [q.id, q.text]));
      const company = repos.companies.findById(companyId);
      try {
        if (company) {
          const questions = renderer.renderQuestions(letter, service.context(letter, company));
          return new Map(questions.map((q) => [q.id, q.text]));
        }
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
      }
      return new Map(raw.map((q) => [q.id, withPlaceholders(q.text)]));
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
      const opened = repos.transaction(() => {
        const updated = repos.letters.update(id, {
          status: 'sign_on',
          signOnClosesAt: new Date(closesAt).toISOString(),
        })!;
        recordEvent(
          repos,
          actor,
          'letter.sign_on_opened',
          { campaignId: letter.campaignId, letterId: id },
          { closesAt, organizations: repos.campaigns.organizations(letter.campaignId).length },
        );
        return updated;
      });
      emailSignOnLinks(opened);
      return opened;
    },

    /**
     * The letter and organization a sign-on link opens, while that link is valid: unforged, for an
     * organization of the campaign, not superseded, not closed.
     */
    signOnForToken(token: string): { letter: LetterRow; organization: { id: number; name: string } } {
      const payload = verifySignedValue(secret, token);
      const [idText, closesText, organizationText, extra] = payload
        ? Buffer.from(payload, 'base64url').toString().split(':')
        : [];
      const letter = idText && extra === undefined ? repos.letters.findById(Number(idText)) : undefined;
      const organization = letter
        ? repos.campaigns.organizations(letter.campaignId).find((o) => String(o.id) === organizationText)
        : undefined;
      if (
        !letter ||
        !organization ||
        !letter.signOnClosesAt ||
        Date.parse(letter.signOnClosesAt) !== Number(closesText)
      ) {
        throw new NotFoundError('Sign-on link');
      }
      if (!isSignOnOpen(letter, clock.now())) {
        throw new ConflictError('this letter is no longer open for signatures', undefined, 'SIGN_ON_CLOSED');
      }
      return { letter, organization: { id: organization.id, name: organization.name } };
    },

    sign(
      id: number,
      input: SignatureInput,
      signer: { user: UserRow | null; source: 'account' | 'link' | 'staff'; actor: Actor },
    ) {
      const letter = get(id);
      if (!isSignOnOpen(letter, clock.now())) {
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

    /** Ends sign-on now, before its planned close: links stop working and the letter can be approved. */
    closeSignOn(id: number, actor: Actor): LetterRow {
      const letter = get(id);
      if (letter.status !== 'sign_on')
        throw new ConflictError('this letter is not open for signatures', 'status', 'NOT_SIGN_ON');
      return repos.transaction(() => {
        const closedAt = nowIso();
        if (letter.signOnClosesAt && Date.parse(letter.signOnClosesAt) > Date.parse(closedAt)) {
          repos.letters.update(id, { signOnClosesAt: closedAt });
        }
        recordEvent(
          repos,
          actor,
          'letter.sign_on_closed',
          { campaignId: letter.campaignId, letterId: id },
          { plannedClose: letter.signOnClosesAt, signatures: repos.letters.signatories(id).length },
        );
        return get(id);
      });
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
