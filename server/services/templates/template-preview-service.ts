import type { Repositories, TemplateRow } from '../../../db/repositories/index.js';
import { isOpen } from '../../domain/open-questions.js';
import { citedPromise } from '../../domain/responses.js';
import { ValidationError } from '../../errors.js';
import type { LetterContext, LetterRenderer } from '../letter-renderer.js';
import type { LettersService } from '../letters-service.js';
import type { Renderer } from '../renderer.js';
import { composeSystemEmailPart, editableDataOf } from './system-emails.js';
import { emailNameOf, type TemplatesService } from './templates-service.js';
import { EMAIL_FIXTURES, LETTER_FIXTURE } from './variables.js';

export interface TemplatePreview {
  subject?: string;
  text?: string;
  html?: string;
  contextLabel: string;
}

/** Renders a template being edited, against a real dispatch or company or the example data. */
export function createTemplatePreviewService(deps: {
  repos: Repositories;
  templates: TemplatesService;
  letters: LettersService;
  letterRenderer: LetterRenderer;
  renderer: Renderer;
}) {
  const { repos, templates, letters, letterRenderer, renderer } = deps;

  /** The context of a letter that would follow up this dispatch. */
  function followUpContext(dispatchId: number, kind: string): { context: LetterContext; label: string } {
    const dispatch = repos.dispatches.findById(dispatchId);
    if (!dispatch) throw new ValidationError('dispatchId', `dispatch ${dispatchId} does not exist`);
    const letter = letters.get(dispatch.letterId);
    const company = repos.companies.findById(dispatch.companyId)!;
    const base = letters.context(letter, company);
    const latest = new Map(
      repos.dispatches.latestAnswers([dispatch.id]).map((a) => [a.questionId, a.status]),
    );
    const open = base.questions.filter((q) => isOpen(latest.get(q.id)));
    const promise = citedPromise(repos.dispatches.responses(dispatch.id), dispatch.dueAt);
    return {
      label: `${company.name}, following up “${letter.title}”`,
      context: {
        ...base,
        letter: { ...(base.letter as object), kind, sentAt: null },
        dispatch: null,
        openQuestions: open,
        listedQuestions: open,
        previousLetter: {
          title: letter.title,
          sentAt: dispatch.sentAt,
          dueAt: dispatch.dueAt,
          promisedAt: promise,
          respondedAt: dispatch.firstResponseAt,
        },
        previousLetters: [
          ...((base.previousLetters as object[]) ?? []),
          { title: letter.title, sentAt: dispatch.sentAt, dueAt: dispatch.dueAt },
        ],
      },
    };
  }

  function companyContext(companyId: number): { context: LetterContext; label: string } {
    const company = repos.companies.findById(companyId);
    if (!company) throw new ValidationError('companyId', `company ${companyId} does not exist`);
    return {
      label: `${company.name}, with example campaign data`,
      context: {
        ...LETTER_FIXTURE,
        company: {
          ...LETTER_FIXTURE.company,
          ...Object.fromEntries(
            (['name', 'country', 'sector', 'ticker', 'isin', 'website', 'jurisdiction'] as const).map((k) => [
              k,
              company[k],
            ]),
          ),
          contacts: company.contacts.map((c) => ({ name: c.name, function: c.function, email: c.email })),
        },
      } as unknown as LetterContext,
    };
  }

  return {
    preview(
      template: TemplateRow,
      input: { body: string; subject?: string | null; companyId?: number; dispatchId?: number },
    ): TemplatePreview {
      const subject = input.subject === undefined ? template.subject : input.subject;
      templates.check(template.kind, template.name, subject, input.body);
      if (template.kind === 'email') {
        const data = EMAIL_FIXTURES[emailNameOf(template)];
        if (!data)
          throw new ValidationError(
            'body',
            'there is no example data for this email yet, so it cannot be previewed',
          );
        const html = template.name.endsWith('.html');
        const name = emailNameOf(template);
        const part = template.name.endsWith('.subject') ? null : html ? 'html' : 'text';
        const editable = renderer.compiled(input.body, html)(editableDataOf(name, data));
        const output = part ? composeSystemEmailPart(renderer, name, part, editable, data) : editable;
        return { ...(html ? { html: output } : { text: output }), contextLabel: 'example data' };
      }
      const { context, label } = input.dispatchId
        ? followUpContext(input.dispatchId, template.kind)
        : input.companyId
          ? companyContext(input.companyId)
          : { context: LETTER_FIXTURE as unknown as LetterContext, label: 'example data' };
      return {
        ...letterRenderer.render({ title: subject ?? '', body: input.body }, context),
        contextLabel: label,
      };
    },
  };
}

export type TemplatePreviewService = ReturnType<typeof createTemplatePreviewService>;
