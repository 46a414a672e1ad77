import { STATUS_CODES } from 'node:http';
import { AjvCompiler, type RouteDefinition } from '@fastify/ajv-compiler';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchemaCompiler,
  type FastifySchemaValidationError,
} from 'fastify';
import { closeDatabase, type Db, openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { createRepositories } from '../db/repositories/index.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { createJobs } from './jobs/jobs.js';
import { type Clock, systemClock } from './lib/clock.js';
import { wordedAppError, wordedValidation } from './lib/form-messages.js';
import { createMailTransport, type MailTransport } from './lib/mail-transport.js';
import { safeNext } from './lib/safe-next.js';
import authPlugin from './plugins/app/auth.js';
import dbPlugin from './plugins/app/db.js';
import pageCachePlugin from './plugins/app/page-cache.js';
import pagesPlugin from './plugins/app/pages.js';
import servicesPlugin, { createServices } from './plugins/app/services.js';
import cookiePlugin from './plugins/external/cookie.js';
import csrfPlugin from './plugins/external/csrf.js';
import formbodyPlugin from './plugins/external/formbody.js';
import helmetPlugin from './plugins/external/helmet.js';
import multipartPlugin from './plugins/external/multipart.js';
import rateLimitPlugin from './plugins/external/rate-limit.js';
import sessionPlugin from './plugins/external/session.js';
import staticPlugin from './plugins/external/static.js';
import swaggerPlugin from './plugins/external/swagger.js';
import viewPlugin from './plugins/external/view.js';
import routes from './routes/index.js';

export interface AppOverrides {
  clock?: Clock;
  transport?: MailTransport;
  db?: Db;
  logger?: boolean;
}

export async function buildApp(config: Config, overrides: AppOverrides = {}) {
  const db = overrides.db ?? openDatabase(config.databasePath);
  migrateDatabase(db);
  const clock = overrides.clock ?? systemClock;
  const repos = createRepositories(db, clock);
  const transport = overrides.transport ?? createMailTransport(config);
  const services = createServices({ repos, config, clock });
  const jobs = createJobs({ ...services, repos, clock, config, transport });

  const app = Fastify({
    logger: overrides.logger === false ? false : { level: config.logLevel },
    genReqId: () => crypto.randomUUID().slice(0, 8),
    trustProxy: config.trustProxy,
    schemaErrorFormatter: formatSchemaErrors,
    // Loading every plugin takes a few seconds on a busy machine; the default 10 s failed starts there.
    pluginTimeout: 60_000,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorFor);

  app.setErrorHandler(handleError);
  app.setNotFoundHandler({}, (request, reply) => {
    const message = `${request.method} ${request.url.split('?')[0]} is not here`;
    if (isApiRequest(request)) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message });
    return reply.page('errors/error', { status: 404, title: 'Page not found', message }, 404);
  });
  app.addHook('onClose', async () => closeDatabase(db));

  await app.register(helmetPlugin);
  await app.register(formbodyPlugin);
  await app.register(multipartPlugin);
  await app.register(cookiePlugin);
  await app.register(sessionPlugin, {
    secret: config.sessionSecret,
    secure: config.baseUrl.startsWith('https://'),
    repos,
  });
  await app.register(csrfPlugin);
  await app.register(rateLimitPlugin);
  await app.register(dbPlugin, { db, repos });
  await app.register(servicesPlugin, { services, jobs, config, clock, transport });
  await app.register(authPlugin);
  await app.register(viewPlugin, { production: !config.development, timezone: config.timezone });
  await app.register(pagesPlugin);
  await app.register(pageCachePlugin);
  await app.register(staticPlugin);
  await app.register(swaggerPlugin);
  await app.register(routes);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/api';
}

/** Fastify's wording, except that an unknown property is named (Ajv leaves it in `params`). */
function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const messages = errors.map((e) => {
    const path = `${dataVar}${e.instancePath ?? ''}`;
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    return e.keyword === 'additionalProperties' && extra
      ? `${path}/${extra} is not an allowed property`
      : `${path} ${e.message}`;
  });
  return new Error(messages.join(', '));
}

// Query strings, params and headers are text, so they are coerced ("5" → 5); a JSON body says what
// it means, so `"name": false` or `organizationIds: 14` is refused instead of stored as "false" or [14].
const AJV_OPTIONS = { removeAdditional: false, useDefaults: true } as const;
const coercingValidators = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS, coerceTypes: 'array' } });
const strictValidators = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS, coerceTypes: false } });
function validatorFor(route: Parameters<FastifySchemaCompiler<unknown>>[0]) {
  const definition = route as RouteDefinition;
  return route.httpPart === 'body' ? strictValidators(definition) : coercingValidators(definition);
}

const CSRF_CODES = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

function handleError(this: unknown, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  let message = error.message;
  let code = error.code;
  if (error instanceof AppError) {
    status = error.statusCode;
    code = error.code;
  } else if (error.validation) {
    status = 400;
    code = 'VALIDATION_FAILED';
  } else if (CSRF_CODES.has(error.code)) {
    status = 403;
    code = 'CSRF_FAILED';
    message = 'This form has expired or came from another site. Reload the page and try again.';
  } else if (status === 429) {
    code = 'TOO_MANY_REQUESTS';
    message = 'Too many attempts. Wait 15 minutes and try again.';
  }
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    message = `Something went wrong on our side. Quote request id ${request.id} when you report it.`;
  }
  if (!isApiRequest(request)) {
    if (error.validation) message = wordedValidation(error.validation);
    else if (error instanceof AppError && status < 500) message = wordedAppError(error);
  }
  if (isApiRequest(request) || !reply.page) {
    return reply
      .code(status)
      .send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, code });
  }
  try {
    if (status === 401 || (status === 429 && request.url.startsWith('/login'))) {
      return reply.page(
        'auth/login',
        { next: nextAfterLogin(request), error: status === 429 ? message : undefined },
        status,
      );
    }
    const title = status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : STATUS_CODES[status];
    return reply.page('errors/error', { status, title, message }, status);
  } catch (renderError) {
    request.log.error({ err: renderError }, 'error page failed');
    return reply.code(status).type('text/plain').send(`${status} ${message}`);
  }
}

function nextAfterLogin(request: FastifyRequest): string {
  return request.method === 'GET' ? safeNext(request.url) : '/';
}
