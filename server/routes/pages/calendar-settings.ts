import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FEED_WINDOW } from '../../services/calendar-feeds-service.js';
import { FormBodySchema } from './forms.js';

/**
 * The calendar-feed part of the settings: the view `settings/_calendar` is a self-contained
 * section that the settings page can include; until it does, it is served on its own here.
 */
const calendarSettingsPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.calendarFeeds;

  app.get(
    '/settings/calendar',
    { config: { access: 'member' }, schema: { hide: true } },
    async (request, reply) =>
      reply.page('settings/_calendar', {
        title: 'Calendar feed',
        calendarUrl: service.calendarUrl(request.user!),
        calendarWindow: FEED_WINDOW,
      }),
  );

  app.post(
    '/settings/calendar-token',
    { config: { access: 'member' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      service.rotateCalendarToken(request.user!, request.actor());
      request.flash('success', 'Your calendar feed has a new address; the old one no longer works.');
      return reply.redirect('/settings/calendar#calendar-feed');
    },
  );
};

export default calendarSettingsPages;
