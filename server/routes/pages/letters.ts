import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LetterRow } from '../../../db/repositories/index.js';
import { canTransition } from '../../domain/letter-lifecycle.js';
import { AppError } from '../../errors.js';
import { formatPercent } from '../../lib/numbers.js';
import { roleAtLeast } from '../../lib/roles.js';
import { withPlaceholders } from '../../lib/template-placeholders.js';
import { type FieldErrors, validateInput } from '../../lib/validate.js';
import { plural } from '../../lib/words.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { type LetterInput, LetterInputSchema } from '../../schemas/letters.js';
import { FOLLOW_UP_KINDS, type FollowUpKind } from '../../services/follow-up-service.js';
import { LETTER_PICKER } from '../../services/templates/variables.js';
import { type FormBody, FormBodySchema, field, fieldList, flashOutcome } from './forms.js';

const BLANK_QUESTION_ROWS = 1;

interface QuestionRowView {
  id: string;
  text: string;
  position: number;
  error?: string;
}

/** The question rows as submitted, in their order (a position field reorders them), blanks included. */
function questionRowsFromForm(body: FormBody): QuestionRowView[] {
  const texts = fieldList(body, 'question');
  const ids = fieldList(body, 'questionId');
  const positions = fieldList(body, 'position');
  return texts
    .map((text, i) => ({ id: ids[i] ?? '', text, position: Number(positions[i]) || i + 1, order: i }))
    .sort((a, b) => a.position - b.position || a.order - b.order)
    .map(({ order: _order, ...q }, i) => ({ ...q, position: i + 1 }));
}

/** Questions arrive as parallel lists; a position field reorders them, a blank text removes one. */
function questionsFromForm(body: FormBody): QuestionRowView[] {
  return questionRowsFromForm(body)
    .filter((q) => q.text !== '')
    .map((q, i) => ({ ...q, position: i + 1 }));
}

/**
 * The row buttons of the form (add, remove, move up or down) work without JavaScript: they post
 * the form, which comes back with the rows changed and nothing saved.
 */
function applyRowAction(body: FormBody, action: string): { rows: QuestionRowView[]; blankRows: number } {
  const rows = questionRowsFromForm(body);
  const [verb, indexText] = action.split(':');
  const index = Number(indexText);
  const valid = Number.isInteger(index) && index >= 0 && index < rows.length;
  let blankRows = 1;
  if (verb === 'add') blankRows = 2;
  else if (verb === 'remove' && valid) rows.splice(index, 1);
  else if (verb === 'up' && valid && index > 0) rows.splice(index - 1, 2, rows[index]!, rows[index - 1]!);
  else if (verb === 'down' && valid && index < rows.length - 1)
    rows.splice(index, 2, rows[index + 1]!, rows[index]!);
  const kept = rows.filter((q) => q.text !== '').map((q, i) => ({ ...q, position: i + 1 }));
  return { rows: kept, blankRows };
}

function letterFromForm(body: FormBody) {
  const questions = questionsFromForm(body);
  return {
    title: field(body, 'title'),
    body: (body.body as string | undefined) ?? '',
    questions: questions.map((q) => (/^\d+$/.test(q.id) ? { id: Number(q.id), text: q.text } : q.text)),
    companyIds: fieldList(body, 'companyIds').filter(Boolean).map(Number),
    rows: questions,
  };
}

function parseLocalDateTime(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(/Z|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const letterPages: FastifyPluginAsyncTypebox = async (app) => {
  const letters = app.services.letters;
  const signOn = app.services.signOn;

  const formView = (
    campaignId: number,
    letter: LetterRow | undefined,
    values: { title: string; body: string; rows: QuestionRowView[]; companyIds: number[] },
    errors: FieldErrors = {},
    blankRows = BLANK_QUESTION_ROWS,
  ) => {
    const rows = values.rows.map((q, i) => ({ ...q, error: errors[`questions.${i}`] }));
    for (let i = 0; i < blankRows; i++)
      rows.push({ id: '', text: '', position: rows.length + 1, error: undefined });
    const selected = new Set(values.companyIds);
    return {
      title: letter ? `Edit “${letter.title}”` : 'New letter',
      campaign: app.services.campaigns.get(campaignId),
      letter,
      values,
      errors,
      questionRows: rows.map((row, i) => ({ ...row, index: i, first: i === 0, last: i === rows.length - 1 })),
      variables: LETTER_PICKER,
      companies: app.services.companies.forPicker().map((c) => ({
        id: c.id,
        name: c.name,
        country: c.country,
        contacts: c.contacts.length,
        checked: selected.has(c.id),
      })),
    };
  };

  function save(
    campaignId: number,
    letter: LetterRow | undefined,
    body: FormBody,
    actor: ReturnType<import('fastify').FastifyRequest['actor']>,
  ) {
    const rowAction = field(body, 'rowAction');
    if (rowAction) {
      const { rows, blankRows } = applyRowAction(body, rowAction);
      const values = { ...letterFromForm(body), rows };
      return { rearranged: formView(campaignId, letter, values, {}, blankRows) };
    }
    const values = letterFromForm(body);
    const result = validateInput<LetterInput>(LetterInputSchema, {
      title: values.title,
      body: values.body,
      questions: values.questions,
      companyIds: values.companyIds,
    });
    if ('errors' in result) return { view: formView(campaignId, letter, values, result.errors) };
    try {
      const saved = letter
        ? letters.update(letter.id, result.value, actor)
        : letters.create(campaignId, result.value, actor);
      return { saved };
    } catch (error) {
      if (error instanceof AppError && error.field) {
        return {
          view: formView(campaignId, letter, values, {
            [error.field]: error.message.replace(/^[\w.]+: /, ''),
          }),
        };
      }
      throw error;
    }
  }

  app.get(
    '/campaigns/:id/letters/new',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const campaign = app.services.campaigns.get(request.params.id);
      return reply.page(
        'letters/form',
        formView(campaign.id, undefined, {
          title: '',
          body: 'Dear {{company.name}},\n\n',
          rows: [],
          companyIds: app.services.campaigns.companyIds(campaign.id),
        }),
      );
    },
  );

  app.post(
    '/campaigns/:id/letters',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const campaign = app.services.campaigns.get(request.params.id);
      const outcome = save(campaign.id, undefined, request.body, request.actor());
      if (outcome.rearranged) return reply.page('letters/form', outcome.rearranged);
      if (outcome.view) return reply.formErrors('letters/form', outcome.view);
      request.flash('success', 'Draft saved.');
      return reply.redirect(`/letters/${outcome.saved!.id}`);
    },
  );

  app.get(
    '/letters/:id',
    {
      config: { access: 'member' },
      schema: {
        hide: true,
        params: IdParamsSchema,
        querystring: Type.Object({ companyId: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request, reply) =>
      reply.page('letters/show', showData(request, request.params.id, request.query.companyId)),
  );

  /** The letter page; `signOnForm` is the sign-on form as sent, after an error (its value kept). */
  function showData(
    request: import('fastify').FastifyRequest,
    id: number,
    companyId?: number,
    signOnForm?: { values: { closesAt: string }; errors: FieldErrors },
  ) {
    const user = request.user!;
    const letter = letters.getForUser(id, user);
    const view = letters.view(letter);
    const targets = letters.targets(letter.id);
    const previewCompanyId = companyId ?? targets[0]?.id;
    let preview: { subject: string; html: string } | undefined;
    let previewError: string | undefined;
    if (previewCompanyId) {
      try {
        preview = letters.preview(letter.id, previewCompanyId);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        previewError = error.message;
      }
    }
    const dispatches =
      letter.status === 'sent'
        ? app.services.dispatches.board({ letterId: letter.id, sort: 'company', limit: 500, offset: 0 }).items
        : [];
    const coordinator = roleAtLeast(user.role, 'coordinator');
    const followUpCandidates =
      letter.status === 'sent' && roleAtLeast(user.role, 'staff')
        ? app.services.followUps.candidates(letter.id)
        : [];
    const ownSignature = view.signatories.find((s) => s.organizationId === user.organizationId);
    const undoRefusal =
      coordinator && letter.status === 'sent' ? app.services.sending.undoRefusal(letter.id) : null;
    const signOnOpen =
      letter.status === 'sign_on' &&
      letter.signOnClosesAt !== null &&
      Date.parse(letter.signOnClosesAt) > app.clock.now().getTime();
    return {
      signOnValues: signOnForm?.values,
      errors: signOnForm?.errors,
      title: withPlaceholders(letter.title),
      letter: view,
      campaign: app.services.campaigns.get(letter.campaignId),
      parent: letters.parentOf(letter),
      targets: targets.map((t) => ({ ...t, selected: t.id === previewCompanyId })),
      preview,
      previewError,
      dispatches,
      coverage:
        letter.status === 'sent'
          ? formatPercent(app.services.dispatches.letterCoverage(letter.id).value)
          : null,
      versions: letters.versions(letter.id).length,
      templateChanges: letter.status === 'approved' ? app.services.letters.templateChanges(letter.id) : [],
      organizations: app.services.campaigns.organizations(letter.campaignId),
      actions: {
        edit: letter.status === 'draft' && roleAtLeast(user.role, 'staff'),
        openSignOn: coordinator && canTransition(letter.status, 'sign_on'),
        approve: coordinator && canTransition(letter.status, 'approved'),
        reapprove: coordinator && letter.status === 'approved',
        reopen: coordinator && (letter.status === 'approved' || letter.status === 'sign_on'),
        send: coordinator && letter.status === 'approved',
        undoSend: coordinator && letter.status === 'sent' && undoRefusal === null,
        withdraw: coordinator && canTransition(letter.status, 'withdrawn'),
        sign:
          letter.status === 'sign_on' &&
          (roleAtLeast(user.role, 'staff') || (user.organizationId !== null && !ownSignature)),
        pickOrganization: roleAtLeast(user.role, 'staff'),
      },
      ownSignature,
      signOnOpen,
      signOnLinks: coordinator ? signOn.links(letter) : [],
      holdUntil: letter.status === 'sent' ? app.services.sending.holdUntil(letter.id) : null,
      delivery: letter.status === 'sent' ? app.services.sending.delivery(letter.id) : null,
      followUpCandidates,
      followUpOpen: followUpCandidates.filter((c) => c.open > 0).length,
      followUpChecked: followUpCandidates.filter((c) => c.checked).length,
      letterTemplates: app.services.templates.list().filter((t) => t.kind !== 'email'),
      defaultClosesAt: new Date(app.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 16),
    };
  }

  app.get(
    '/letters/:id/edit',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const letter = letters.get(request.params.id);
      if (letter.status !== 'draft') {
        request.flash('error', 'Only a draft can be edited. Reopen it first.');
        return reply.redirect(`/letters/${letter.id}`);
      }
      const questions = letters.questions(letter.id);
      return reply.page(
        'letters/form',
        formView(letter.campaignId, letter, {
          title: letter.title,
          body: letter.body,
          rows: questions.map((q) => ({ id: String(q.id), text: q.text, position: q.number })),
          companyIds: letters.companyIds(letter.id),
        }),
      );
    },
  );

  app.post(
    '/letters/:id',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const letter = letters.get(request.params.id);
      const outcome = save(letter.campaignId, letter, request.body, request.actor());
      if (outcome.rearranged) return reply.page('letters/form', outcome.rearranged);
      if (outcome.view) return reply.formErrors('letters/form', outcome.view);
      request.flash('success', 'Draft saved as a new version.');
      return reply.redirect(`/letters/${letter.id}`);
    },
  );

  const action = (
    path: string,
    run: (id: number, body: FormBody, request: import('fastify').FastifyRequest) => string,
  ) =>
    app.post(
      `/letters/:id/${path}`,
      {
        config: { access: 'coordinator' },
        schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
      },
      async (request, reply) => {
        flashOutcome(request, () => run(request.params.id, request.body, request));
        return reply.redirect(`/letters/${request.params.id}`);
      },
    );

  // Opening sign-on keeps the closing time typed when it is refused: the page comes back with it.
  app.post(
    '/letters/:id/sign-on',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const typed = field(request.body, 'closesAt');
      const again = (message: string) =>
        reply.formErrors(
          'letters/show',
          showData(request, request.params.id, undefined, {
            values: { closesAt: typed },
            errors: { closesAt: message },
          }),
        );
      const closesAt = parseLocalDateTime(typed);
      if (!closesAt) return again('Enter the date and time signatures close');
      try {
        signOn.open(request.params.id, closesAt, request.actor());
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500 || !error.field) throw error;
        return again(error.fieldMessage);
      }
      request.flash('success', 'Open for signatures. Share the sign-on link with members.');
      return reply.redirect(`/letters/${request.params.id}`);
    },
  );
  action('approve', (id, body, request) => {
    const closeSignOn = field(body, 'closeSignOn') === 'yes';
    if (closeSignOn) signOn.close(id, request.actor());
    letters.approve(id, request.actor());
    return closeSignOn
      ? 'Sign-on closed and the letter approved. It can now be sent.'
      : 'Approved. It can now be sent.';
  });
  action('reapprove', (id, _body, request) => {
    letters.reapprove(id, request.actor());
    return 'Approved again with the current templates.';
  });
  action('reopen', (id, _body, request) => {
    letters.reopen(id, request.actor());
    return 'Back to draft.';
  });
  action('withdraw', (id, _body, request) => {
    letters.withdraw(id, request.actor());
    return 'Withdrawn.';
  });
  /** The send form's choices, checked: channel and an optional sent date (for a letter sent by post). */
  function sendChoice(body: FormBody) {
    const channel = field(body, 'channel') || 'email';
    if (!['email', 'post', 'web_form'].includes(channel))
      throw new AppError('channel: is not one of email, post, web_form', 400, 'VALIDATION_FAILED', 'channel');
    const sentDate = field(body, 'sentDate');
    if (sentDate && !/^\d{4}-\d{2}-\d{2}$/.test(sentDate))
      throw new AppError('sentDate: must be a date', 400, 'VALIDATION_FAILED', 'sentDate');
    return {
      channel: channel as 'email' | 'post' | 'web_form',
      sentDate,
      input: { channel: channel as 'email', ...(sentDate && { sentAt: `${sentDate}T12:00:00.000Z` }) },
    };
  }

  const CHANNEL_LABELS = {
    email: 'email to each company’s contacts',
    post: 'post (recorded only, nothing is emailed)',
    web_form: 'web form (recorded only, nothing is emailed)',
  };

  // Sending asks first: how many companies and emails, by which channel, and each company's due date.
  app.get(
    '/letters/:id/send',
    {
      config: { access: 'coordinator' },
      schema: {
        hide: true,
        params: IdParamsSchema,
        querystring: Type.Object({
          channel: Type.Optional(Type.String({ maxLength: 20 })),
          sentDate: Type.Optional(Type.String({ maxLength: 20 })),
        }),
      },
    },
    async (request, reply) => {
      const letter = letters.get(request.params.id);
      try {
        const choice = sendChoice(request.query as FormBody);
        const plan = app.services.sending.plan(letter.id, choice.input);
        return reply.page('letters/send-confirm', {
          title: `Send “${withPlaceholders(letter.title)}”?`,
          letter,
          campaign: app.services.campaigns.get(letter.campaignId),
          plan,
          channel: choice.channel,
          channelLabel: CHANNEL_LABELS[choice.channel],
          sentDate: choice.sentDate,
          email: choice.channel === 'email',
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        request.flash('error', error.message);
        return reply.redirect(`/letters/${letter.id}`);
      }
    },
  );

  app.post(
    '/letters/:id/send',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const id = request.params.id;
      if (field(request.body, 'confirmed') !== 'yes') {
        const query = new URLSearchParams({
          channel: field(request.body, 'channel') || 'email',
          sentDate: field(request.body, 'sentDate'),
        });
        return reply.redirect(`/letters/${id}/send?${query}`);
      }
      flashOutcome(request, () => {
        const { channel, input } = sendChoice(request.body);
        const { dispatches, skippedContacts } = app.services.sending.send(id, input, request.actor());
        const skipped = skippedContacts.length
          ? ` Not sent to ${plural(skippedContacts.length, 'invalid address', 'invalid addresses')}: ${skippedContacts.join('; ')}.`
          : '';
        const held =
          channel === 'email'
            ? app.config.sendHoldMinutes > 0
              ? `; the emails wait in the outbox for ${app.config.sendHoldMinutes} minutes, until then you can undo the send`
              : '; the emails are in the outbox'
            : '';
        return `Sent to ${plural(dispatches.length, 'company', 'companies')}${held}.${skipped}`;
      });
      return reply.redirect(`/letters/${id}`);
    },
  );

  action('undo-send', (id, _body, request) => {
    const undone = app.services.sending.undo(id, request.actor());
    return `Send undone: the letter is approved again; ${plural(undone.dispatches, 'dispatch', 'dispatches')} and ${plural(undone.messages, 'queued email')} removed.`;
  });

  app.post(
    '/letters/:id/follow-up',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const kind = field(body, 'kind') || 'follow_up';
      const templateId = Number(field(body, 'templateId')) || undefined;
      const companyIds = fieldList(body, 'companyIds').filter(Boolean).map(Number);
      try {
        if (!(FOLLOW_UP_KINDS as readonly string[]).includes(kind)) {
          throw new AppError('kind: choose follow-up, reminder or escalation', 400, 'VALIDATION_FAILED');
        }
        if (companyIds.length === 0)
          throw new AppError('companyIds: choose at least one company', 400, 'VALIDATION_FAILED');
        const {
          letter,
          companyIds: drafted,
          skippedCompanyIds,
        } = app.services.followUps.draft(
          request.params.id,
          { kind: kind as FollowUpKind, templateId, companyIds },
          request.actor(),
        );
        request.flash(
          'success',
          `Drafted for ${plural(drafted.length, 'company', 'companies')}` +
            (skippedCompanyIds.length
              ? `; ${skippedCompanyIds.length} answered everything and were left out.`
              : '.') +
            ' Preview each company’s copy below before approval.',
        );
        return reply.redirect(`/letters/${letter.id}`);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        request.flash('error', error.message);
        return reply.redirect(`/letters/${request.params.id}#follow-up`);
      }
    },
  );

  app.post(
    '/letters/:id/signatures',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const user = request.user!;
      const letter = letters.getForUser(request.params.id, user);
      const staff = roleAtLeast(user.role, 'staff');
      const organizationId = staff ? Number(field(request.body, 'organizationId')) : user.organizationId;
      flashOutcome(request, () => {
        if (!organizationId)
          throw new AppError('organizationId: choose the organization that signs', 400, 'VALIDATION_FAILED');
        const signerName = field(request.body, 'signerName') || user.name;
        signOn.sign(
          letter.id,
          { organizationId, signerName, signerTitle: field(request.body, 'signerTitle') || null },
          { user, source: staff ? 'staff' : 'account', actor: request.actor() },
        );
        return 'Signed.';
      });
      return reply.redirect(`/letters/${letter.id}`);
    },
  );

  app.post(
    '/letters/:id/signatures/:signatureId/withdraw',
    {
      config: { access: 'member' },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), signatureId: Type.Integer({ minimum: 1 }) }),
        body: FormBodySchema,
      },
    },
    async (request, reply) => {
      const letter = letters.getForUser(request.params.id, request.user!);
      flashOutcome(request, () => {
        signOn.withdrawSignature(letter.id, request.params.signatureId, request.user!, request.actor());
        return 'Signature withdrawn.';
      });
      return reply.redirect(`/letters/${letter.id}`);
    },
  );
};

export default letterPages;
