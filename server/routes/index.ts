import type { FastifyInstance } from 'fastify';
import apiCampaigns from './api/campaigns.js';
import apiCompanies from './api/companies.js';
import apiDispatches from './api/dispatches.js';
import apiHealth from './api/health.js';
import apiLetters from './api/letters.js';
import apiMe from './api/me.js';
import apiOrganizations from './api/organizations.js';
import apiUsers from './api/users.js';
import authPages from './pages/auth.js';
import campaignPages from './pages/campaigns.js';
import companyPages from './pages/companies.js';
import dashboardPages from './pages/dashboard.js';
import dispatchPages from './pages/dispatches.js';
import letterPages from './pages/letters.js';
import organizationPages from './pages/organizations.js';
import signPages from './pages/sign.js';
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
}
