import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorSchema } from '../../schemas/common.js';

const FILE_ROUTE = /\.(docx|pdf|md|html|zip|ics)$|\/attachments\//;

/** GET /api/companies/:id/deadlines → getCompaniesByIdDeadlines: stable, unique, readable. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/?/, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `By${capitalize(part.slice(1))}` : capitalize(part)));
  return `${method.toLowerCase()}${words.join('') || 'Root'}`;
}

const FILE_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  md: 'text/markdown',
  html: 'text/html',
  zip: 'application/zip',
  ics: 'text/calendar',
};

function fileType(url: string): string {
  return FILE_TYPES[/\.(\w+)$/.exec(url)?.[1] ?? ''] ?? 'application/octet-stream';
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const error = (description: string) => ({ ...ErrorSchema, description });

/**
 * Every JSON operation of /api documents what it really answers: its success status (201 for
 * creates and 204 for deletes, as the handlers reply), the errors it can give with their schema,
 * an operationId and a summary. Filled in as routes are added, so a new route gets it too.
 */
export default fp(
  async (app) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      // HEAD routes Fastify adds share their GET's schema: describing them again would add GET a 409.
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || route.method === 'HEAD')
        return;
      route.schema ??= {};
      const schema = route.schema as Record<string, unknown> & {
        response?: Record<string, unknown>;
        hide?: boolean;
      };
      if (schema.hide) return;
      const method = [route.method].flat()[0]!;
      const access = (route.config as { access?: string } | undefined)?.access ?? 'public';
      schema.operationId ??= operationIdOf(method, route.url);
      schema.summary ??= `${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`;
      schema.response ??= {};
      const response = schema.response;
      const source = route.handler.toString();
      const success = /\.code\(201\)/.test(source) ? 201 : /\.code\(204\)/.test(source) ? 204 : 200;
      if (!Object.keys(response).some((code) => code.startsWith('2'))) {
        response[success] =
          success === 204
            ? { type: 'null', description: 'Done; no content' }
            : FILE_ROUTE.test(route.url)
              ? {
                  description: 'The file',
                  content: { [fileType(route.url)]: { schema: { type: 'string', format: 'binary' } } },
                }
              : { description: 'The result (see the examples in the README)' };
      }
      const hasInput = Boolean(schema.body || schema.querystring || schema.params);
      if (hasInput) response[400] ??= error('Bad input: `message` names the field');
      if (access !== 'public') {
        response[401] ??= error('Not logged in, or the API token is not valid');
        response[403] ??= error('Your role does not allow this');
      }
      if (hasInput) response[404] ??= error('No such id (in the path, query or body)');
      if (method !== 'GET') response[409] ??= error('Not allowed in the current state');
      if (schema.body) response[413] ??= error('The request body is too large');
      response['4xx'] ??= error('Another client error, for example 415 for a body that is not JSON');
    });
  },
  { name: 'api-contract' },
);
