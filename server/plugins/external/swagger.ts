import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    await app.register(swagger, {
      hideUntagged: true,
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Docket API',
          description:
            'The JSON API of Docket. Authenticate with the session cookie or `Authorization: Bearer <token>` (create one with `docket token create`). Errors are `{ statusCode, error, message }` with the field named in `message`.',
          version: '1',
          license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
        },
        servers: [{ url: '/', description: 'This Docket instance' }],
        tags: [
          { name: 'campaigns', description: 'Campaigns, their calendars and reminder rules' },
          { name: 'letters', description: 'Letters: drafting, sign-on, approval and sending' },
          { name: 'dispatches', description: 'A letter as sent to one company: responses and answers' },
          { name: 'escalation', description: 'Escalation ladders and the level of each company' },
          { name: 'deadlines', description: 'Due dates, AGMs and filing deadlines' },
          { name: 'companies', description: 'Companies and their contacts' },
          { name: 'organizations', description: 'Member organizations' },
          { name: 'inbox', description: 'Incoming mail that needs a person' },
          { name: 'outbox', description: 'Outgoing mail' },
          { name: 'templates', description: 'Letter and email templates' },
          { name: 'exports', description: 'Letters as sent, as files' },
          { name: 'search', description: 'Full-text search' },
          { name: 'users', description: 'Accounts (admins)' },
          { name: 'me', description: 'Your own account' },
          { name: 'api tokens', description: 'Tokens for this API' },
          { name: 'tasks', description: 'Progress of long work (exports)' },
          { name: 'system', description: 'Health' },
        ],
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        },
        security: [{ bearer: [] }],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  },
  { name: 'swagger' },
);
