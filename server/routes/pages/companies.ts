import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CompanyWithContacts, UserRow } from '../../../db/repositories/index.js';
import { CONTACT_FUNCTIONS } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { wordedErrors } from '../../lib/form-messages.js';
import { pageLinks, queryStringOf } from '../../lib/paging.js';
import { type FieldErrors, validateInput } from '../../lib/validate.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { type CompanyInput, CompanyInputSchema } from '../../schemas/companies.js';
import { type OverrideInput, OverrideInputSchema, OverrideParamsSchema } from '../../schemas/deadlines.js';
import { registerArchiveRoutes } from './archive-routes.js';
import { type FormBody, FormBodySchema, field, fieldList, flashOutcome, optionalField } from './forms.js';

const PAGE_SIZE = 50;
const BLANK_CONTACT_ROWS = 2;
const COMPANY_FIELDS = [
  'sector',
  'ticker',
  'isin',
  'website',
  'jurisdiction',
  'lastAgmDate',
  'nextAgmDate',
  'lastProxyDate',
] as const;

interface ContactRowView {
  name: string;
  function: string;
  email: string;
  errors?: FieldErrors;
}

function companyFromForm(body: FormBody) {
  const names = fieldList(body, 'contactName');
  const functions = fieldList(body, 'contactFunction');
  const emails = fieldList(body, 'contactEmail');
  const contacts = emails
    .map((email, i) => ({ name: names[i] ?? '', function: functions[i] || 'other', email }))
    .filter((c) => c.email !== '' || c.name !== '');
  const values: Record<string, unknown> = {
    name: field(body, 'name'),
    country: field(body, 'country'),
    contacts,
  };
  for (const key of COMPANY_FIELDS) values[key] = optionalField(body, key);
  values.listed = field(body, 'listed') !== 'false';
  return values as Record<string, unknown> & { contacts: ContactRowView[] };
}

function contactRows(contacts: ContactRowView[], errors: FieldErrors = {}): ContactRowView[] {
  const rows = contacts.map((c, i) => ({
    name: c.name ?? '',
    function: c.function,
    email: c.email,
    errors: Object.fromEntries(
      Object.entries(errors)
        .filter(([key]) => key.startsWith(`contacts.${i}.`))
        .map(([key, message]) => [key.split('.')[2], message]),
    ),
  }));
  for (let i = 0; i < BLANK_CONTACT_ROWS; i++) rows.push({ name: '', function: 'ir', email: '', errors: {} });
  return rows;
}

const companyPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.companies;
  const today = () => app.services.deadlines.today();

  const formView = (
    company: CompanyWithContacts | undefined,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) => ({
    title: company ? `Edit ${company.name}` : 'New company',
    company,
    values,
    errors,
    contactRows: contactRows((values.contacts as ContactRowView[]) ?? [], wordedErrors(errors)),
    contactFunctions: CONTACT_FUNCTIONS,
  });

  async function save(
    company: CompanyWithContacts | undefined,
    body: FormBody,
    actor: ReturnType<import('fastify').FastifyRequest['actor']>,
  ): Promise<{ saved: CompanyWithContacts } | { view: ReturnType<typeof formView> }> {
    const values = companyFromForm(body);
    const result = validateInput<CompanyInput>(CompanyInputSchema, values);
    if ('errors' in result) return { view: formView(company, values, result.errors) };
    try {
      const saved = company
        ? service.update(company.id, result.value, actor)
        : service.create(result.value, actor);
      return { saved };
    } catch (error) {
      if (error instanceof AppError && error.field) {
        return { view: formView(company, values, { [error.field]: error.fieldMessage }) };
      }
      throw error;
    }
  }

  app.get(
    '/companies',
    {
      config: { access: 'member' },
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          sector: Type.Optional(Type.String({ maxLength: 100 })),
          country: Type.Optional(Type.String({ maxLength: 2 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
        }),
      },
    },
    async (request, reply) => {
      const { q, sector, country, offset = 0 } = request.query;
      const page = service.list({
        q,
        sector: sector || undefined,
        country: country || undefined,
        limit: PAGE_SIZE,
        offset,
      });
      return reply.page('companies/list', {
        title: 'Companies',
        q,
        sector,
        country,
        sectors: service.sectors(),
        companies: page.items,
        paging: pageLinks(page, { q, sector, country }),
        exportQuery: queryStringOf({ q, sector, country }),
      });
    },
  );

  app.get(
    '/companies/new',
    { config: { access: 'staff' }, schema: { hide: true } },
    async (_request, reply) =>
      reply.page('companies/form', formView(undefined, { contacts: [], listed: true })),
  );

  app.post(
    '/companies',
    { config: { access: 'staff' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      const outcome = await save(undefined, request.body, request.actor());
      if ('view' in outcome) return reply.formErrors('companies/form', outcome.view);
      request.flash('success', `${outcome.saved.name} added.`);
      return reply.redirect(`/companies/${outcome.saved.id}`);
    },
  );

  function showView(
    company: CompanyWithContacts,
    user: UserRow,
    form?: { kind: string; values: Record<string, unknown>; errors: FieldErrors },
  ) {
    const deadlines = app.services.deadlines.list({ companyId: company.id, user });
    const day = today();
    const history = service.history(company.id, user);
    const failures = service.deliveryFailures(company.id);
    return {
      title: company.name,
      company: {
        ...company,
        contacts: company.contacts.map((c) => ({
          ...c,
          deliveryFailure: failures.get(c.email.toLowerCase()),
        })),
      },
      deadlines: deadlines.filter((d) => d.date >= day),
      filingDeadlines: app.services.deadlines.filingOverview(company, deadlines).map((f) => ({
        ...f,
        passed: f.deadline ? f.deadline.date < day : false,
        form: form?.kind === f.kind ? form : undefined,
      })),
      // Each row is one company's copy: its title as that company received it.
      dispatches: history.dispatches.map((d) => ({
        ...app.services.dispatches.computed(d),
        letterTitle: app.services.letters.subjectFor(d.letterId, company.id),
      })),
      events: history.events,
    };
  }

  app.get(
    '/companies/:id',
    { config: { access: 'member', pageCache: true }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) =>
      reply.page('companies/show', showView(service.get(request.params.id), request.user!)),
  );

  app.post(
    '/companies/:id/deadlines/:kind',
    {
      config: { access: 'staff' },
      schema: { hide: true, params: OverrideParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const company = service.get(request.params.id);
      const { kind } = request.params;
      const values = { date: field(request.body, 'date'), source: field(request.body, 'source') };
      const result = validateInput<OverrideInput>(OverrideInputSchema, values);
      let errors = 'errors' in result ? result.errors : undefined;
      if (!errors && 'value' in result) {
        try {
          app.services.deadlines.override(company.id, kind, result.value, request.actor());
        } catch (error) {
          if (!(error instanceof AppError && error.field)) throw error;
          errors = { [error.field]: error.fieldMessage };
        }
      }
      if (errors) {
        return reply.formErrors('companies/show', showView(company, request.user!, { kind, values, errors }));
      }
      request.flash('success', 'Deadline overridden.');
      return reply.redirect(`/companies/${company.id}#deadlines`);
    },
  );

  app.post(
    '/companies/:id/deadlines/:kind/delete',
    {
      config: { access: 'staff' },
      schema: { hide: true, params: OverrideParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const company = service.get(request.params.id);
      app.services.deadlines.removeOverride(company.id, request.params.kind, request.actor());
      request.flash('success', 'Override removed; the computed date applies again.');
      return reply.redirect(`/companies/${company.id}#deadlines`);
    },
  );

  app.get(
    '/companies/:id/edit',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const company = service.get(request.params.id);
      return reply.page('companies/form', formView(company, { ...company, contacts: company.contacts }));
    },
  );

  app.post(
    '/companies/:id',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const company = service.get(request.params.id);
      const outcome = await save(company, request.body, request.actor());
      if ('view' in outcome) return reply.formErrors('companies/form', outcome.view);
      request.flash('success', 'Changes saved.');
      return reply.redirect(`/companies/${company.id}`);
    },
  );

  app.get(
    '/companies/:id/delete',
    { config: { access: 'coordinator' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const company = service.get(request.params.id);
      return reply.page('shared/confirm-delete', {
        title: `Delete ${company.name}?`,
        what: company.name,
        consequence: `Its ${company.contacts.length} contact(s) are deleted with it.`,
        action: `/companies/${company.id}/delete`,
        cancel: `/companies/${company.id}`,
      });
    },
  );

  app.post(
    '/companies/:id/delete',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const company = service.get(request.params.id);
      // One with history is refused (409, naming what refers to it): the page offers archiving.
      if (
        !flashOutcome(request, () => {
          service.remove(company.id, request.actor());
          return `${company.name} deleted.`;
        })
      )
        return reply.redirect(`/companies/${company.id}`);
      return reply.redirect('/companies');
    },
  );

  registerArchiveRoutes(app, '/companies', (id, archived, actor) => service.setArchived(id, archived, actor));
};

export default companyPages;
