import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { UserRow } from '../../../db/repositories/index.js';
import { roleAtLeast } from '../../lib/roles.js';
import { validateInput } from '../../lib/validate.js';
import { type NotificationPreferences, NotificationPreferencesSchema } from '../../schemas/preferences.js';
import { type FormBody, FormBodySchema, field } from './forms.js';

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
};

export default settingsPages;
