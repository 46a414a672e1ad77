import type { CompanyWithContacts, LetterRow, Repositories } from '../../db/repositories/index.js';
import { isOpen } from '../domain/open-questions.js';
import { citedPromise } from '../domain/responses.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import type { CampaignsService } from './campaigns-service.js';
import type { LetterContext, LetterRenderer } from './letter-renderer.js';

const aumFormat = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  compactDisplay: 'long',
  maximumFractionDigits: 1,
});
const formatAum = (usd: number) => `US$${aumFormat.format(usd)}`;

/**
 * What a letter template sees for one company: the company, the campaign, the letter and its
 * questions (open ones for a follow-up), earlier letters as this company received them, the
 * signatories and the coordinator. Also the title and questions as one company reads them.
 */
export function createLetterContexts({
  repos,
  renderer,
  campaigns,
}: {
  repos: Repositories;
  renderer: LetterRenderer;
  campaigns: CampaignsService;
}) {
  function get(id: number): LetterRow {
    const letter = repos.letters.findById(id);
    if (!letter) throw new NotFoundError('Letter', id);
    return letter;
  }

  function signatoriesOf(letterId: number) {
    const rows = repos.letters.signatories(letterId);
    const aumTotalUsd = rows.reduce((sum, s) => sum + (s.aumUsd ?? 0), 0);
    return { rows, aumTotalUsd, aumTotal: aumTotalUsd ? formatAum(aumTotalUsd) : '' };
  }

  function parentOf(letter: LetterRow) {
    return letter.parentLetterId ? repos.letters.findById(letter.parentLetterId) : undefined;
  }

  const contexts = {
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
        renderer.renderSubject(earlier, contexts.context(earlier, company));
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

    /** The title as one company reads it (its email subject); a readable placeholder if it cannot render. */
    subjectFor(letterId: number, companyId: number): string {
      const letter = get(letterId);
      // Most titles use no variable: no need to build the company's whole context.
      if (!letter.title.includes('{{')) return letter.title.replace(/\s+/g, ' ').trim();
      const company = repos.companies.findById(companyId);
      if (!company) return withPlaceholders(letter.title);
      try {
        return renderer.renderSubject(letter, contexts.context(letter, company));
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
          const questions = renderer.renderQuestions(letter, contexts.context(letter, company));
          return new Map(questions.map((q) => [q.id, q.text]));
        }
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
      }
      return new Map(raw.map((q) => [q.id, withPlaceholders(q.text)]));
    },
  };
  return contexts;
}
