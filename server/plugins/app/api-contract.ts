import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';

interface ApiSchema {
  operationId?: string;
  summary?: string;
  tags?: string[];
  hide?: boolean;
  response?: Record<string, unknown>;
}

/** What a JSON operation of /api lacks in its own route schema ([] when nothing). */
export function contractGaps(route: Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>): string[] {
  const schema = (route.schema ?? {}) as ApiSchema;
  const gaps: string[] = [];
  if (!schema.operationId || !/^[a-z][A-Za-z0-9]*$/.test(schema.operationId))
    gaps.push('a camelCase operationId');
  if (!schema.summary) gaps.push('a summary');
  if (!schema.tags?.length) gaps.push('tags');
  const codes = Object.keys(schema.response ?? {});
  if (!codes.some((code) => /^2\d\d$/.test(code))) gaps.push('its success status with a response schema');
  const wildcard = codes.find((code) => !/^\d{3}$/.test(code));
  if (wildcard) gaps.push(`exact status codes, not "${wildcard}"`);
  const access = (route.config as { access?: string } | undefined)?.access;
  if (access !== 'public' && !codes.includes('401')) gaps.push('its 401 answer');
  if (access === 'public' && codes.includes('401')) gaps.push('no 401 (the route is public)');
  return gaps;
}

/**
 * Every JSON operation of /api declares, in its own route schema, what it really answers: its
 * success status with a body schema (or 204), the errors it gives with the shared Error schema,
 * an operationId, a summary and tags. Nothing is guessed here: a route that leaves any of it out
 * stops the app from starting, as a route without an access level does.
 */
export default fp(
  async (app) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      // HEAD routes Fastify adds share their GET's schema.
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || route.method === 'HEAD')
        return;
      if ((route.schema as ApiSchema | undefined)?.hide) return;
      const gaps = contractGaps(route);
      if (gaps.length)
        throw new Error(`${[route.method].flat().join(',')} ${route.url} must declare ${gaps.join(', ')}`);
    });
  },
  { name: 'api-contract' },
);
