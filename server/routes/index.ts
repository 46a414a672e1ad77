import type { FastifyInstance } from 'fastify';
import apiAttachments from './api/attachments.js';
import apiCampaigns from './api/campaigns.js';
import apiCompanies from './api/companies.js';
import apiDeadlines from './api/deadlines.js';
import apiDispatches from './api/dispatches.js';
import apiEscalation from './api/escalation.js';
import apiExports from './api/exports.js';
import apiHealth from './api/health.js';
import apiInbox from './api/inbox.js';
import apiLetters from './api/letters.js';
import apiMe from './api/me.js';
import apiOrganizations from './api/organizations.js';
import apiOutbox from './api/outbox.js';
import apiReminderRules from './api/reminder-rules.js';
import apiSearch from './api/search.js';
import apiTemplates from './api/templates.js';
import apiUsers from './api/users.js';
import authPages from './pages/auth.js';
import calendarSettingsPages from './pages/calendar-settings.js';
import campaignPages from './pages/campaigns.js';
import companyPages from './pages/companies.js';
import dashboardPages from './pages/dashboard.js';
import deadlinePages from './pages/deadlines.js';
import dispatchPages from './pages/dispatches.js';
import inboxPages from './pages/inbox.js';
import letterPages from './pages/letters.js';
import organizationPages from './pages/organizations.js';
import outboxPages from './pages/outbox.js';
import publicTrackerPages from './pages/public-tracker.js';
import searchPages from './pages/search.js';
import settingsPages from './pages/settings.js';
import signPages from './pages/sign.js';
import templatePages from './pages/templates.js';
import unsubscribePages from './pages/unsubscribe.js';
import userPages from './pages/users.js';

export default async function routes(app: FastifyInstance) {
  await app.register(
    async (api) => {
      await api.register(apiHealth);
      await api.register(apiMe);
      await api.register(apiOrganizations);
      await api.register(apiCompanies);
      await api.register(apiUsers);
      await api.register(apiCampaigns);
      await api.register(apiLetters);
      await api.register(apiDispatches);
      await api.register(apiDeadlines);
      await api.register(apiOutbox);
      await api.register(apiInbox);
      await api.register(apiReminderRules);
      await api.register(apiTemplates);
      await api.register(apiEscalation);
      await api.register(apiSearch);
      await api.register(apiAttachments);
      await api.register(apiExports);
    },
    { prefix: '/api' },
  );
  await app.register(authPages);
  await app.register(dashboardPages);
  await app.register(organizationPages);
  await app.register(companyPages);
  await app.register(userPages);
  await app.register(campaignPages);
  await app.register(letterPages);
  await app.register(dispatchPages);
  await app.register(signPages);
  await app.register(publicTrackerPages);
  await app.register(searchPages);
  await app.register(templatePages);
  await app.register(deadlinePages);
  await app.register(calendarSettingsPages);
  await app.register(outboxPages);
  await app.register(inboxPages);
  await app.register(settingsPages);
  await app.register(unsubscribePages);
}
