import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { UserRow } from '../../../db/repositories/index.js';
import { AppError, ValidationError } from '../../errors.js';
import { roleAtLeast } from '../../lib/roles.js';
import { validateInput } from '../../lib/validate.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { type NotificationPreferences, NotificationPreferencesSchema } from '../../schemas/preferences.js';
import { type FormBody, FormBodySchema, field, flashOutcome } from './forms.js';

const DIGESTS = [
  { value: 'off', label: 'No digest: one email per reminder' },
  { value: 'daily', label: 'Daily digest (from 07:00)' },
  { value: 'weekly', label: 'Weekly digest (Mondays)' },
];

/** "7, 1, 0" → [7, 1, 0]; blank → the campaigns' defaults; "none" → no reminder emails. */
function daysFromForm(text: string): unknown {
  if (text === '') return undefined;
  if (/^none$/i.test(text)) return [];
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function daysToForm(days: number[] | undefined): string {
  if (days === undefined) return '';
  return days.length ? days.join(', ') : 'none';
}

const settingsPages: FastifyPluginAsyncTypebox = async (app) => {
  const view = (
    user: UserRow,
    values: { digest: string; remindersDaysBefore: string; reviewAlerts?: string },
    errors?: Record<string, string>,
  ) => ({
    title: 'Settings',
    values,
    errors,
    digests: DIGESTS.map((d) => ({ ...d, checked: d.value === values.digest })),
    isMember: user.role === 'member',
    isCoordinator: roleAtLeast(user.role, 'coordinator'),
    reviewAlertsOn: (values.reviewAlerts ?? 'each') === 'each',
    tokens: app.services.apiTokens.list(user.id),
  });
  const currentValues = (user: UserRow) => ({
    digest: user.preferences.digest,
    remindersDaysBefore: daysToForm(user.preferences.remindersDaysBefore),
    reviewAlerts: user.preferences.reviewAlerts ?? 'each',
  });

  app.get('/settings', { config: { access: 'member' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    return reply.page(
      'settings/index',
      view(user, {
        digest: user.preferences.digest,
        remindersDaysBefore: daysToForm(user.preferences.remindersDaysBefore),
        reviewAlerts: user.preferences.reviewAlerts ?? 'each',
      }),
    );
  });

  app.post(
    '/settings',
    { config: { access: 'member' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      const user = request.user!;
      const body = request.body as FormBody;
      const values = {
        digest: field(body, 'digest'),
        remindersDaysBefore: field(body, 'remindersDaysBefore'),
        reviewAlerts: field(body, 'reviewAlerts') === 'each' ? 'each' : 'off',
      };
      const input: Record<string, unknown> = { digest: values.digest };
      if (roleAtLeast(user.role, 'coordinator')) input.reviewAlerts = values.reviewAlerts;
      const days = daysFromForm(values.remindersDaysBefore);
      if (days !== undefined) input.remindersDaysBefore = days;
      const result = validateInput<NotificationPreferences>(NotificationPreferencesSchema, input);
      if ('errors' in result) {
        const errors: Record<string, string> = {};
        for (const [key, message] of Object.entries(result.errors)) {
          errors[key.startsWith('remindersDaysBefore') ? 'remindersDaysBefore' : key] ??= message;
        }
        if (errors.remindersDaysBefore)
          errors.remindersDaysBefore = `${errors.remindersDaysBefore}: give whole numbers of days from 0 to 90, separated by commas, each once`;
        return reply.formErrors('settings/index', view(user, values, errors));
      }
      app.services.preferences.update(user, result.value, ['remindersDaysBefore']);
      request.flash('success', 'Your notification settings are saved.');
      return reply.redirect('/settings');
    },
  );

  // The new token is shown in this one answer only (not flashed: the session is stored in the database).
  app.post(
    '/settings/tokens',
    { config: { access: 'member' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      const user = request.user!;
      const body = request.body as FormBody;
      const expiresOn = field(body, 'expiresOn');
      try {
        if (expiresOn && !/^\d{4}-\d{2}-\d{2}$/.test(expiresOn))
          throw new ValidationError('expiresOn', 'must be a date');
        const created = app.services.apiTokens.create(
          user,
          { name: field(body, 'name'), expiresAt: expiresOn ? `${expiresOn}T23:59:59.999Z` : null },
          request.actor(),
        );
        return reply.page('settings/index', { ...view(user, currentValues(user)), newToken: created });
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        const key = error.field === 'expiresAt' ? 'expiresOn' : (error.field ?? 'name');
        return reply.formErrors('settings/index', {
          ...view(user, currentValues(user), { [key]: error.fieldMessage }),
          tokenValues: { name: field(body, 'name'), expiresOn },
        });
      }
    },
  );

  app.post(
    '/settings/tokens/:id/revoke',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      flashOutcome(request, () => {
        const token = app.services.apiTokens.revoke(request.params.id, request.user!, request.actor());
        return `Token “${token.name}” revoked: it no longer works.`;
      });
      return reply.redirect('/settings#api-tokens');
    },
  );
};

export default settingsPages;
