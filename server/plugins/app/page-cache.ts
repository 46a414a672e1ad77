import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page whose HTML may be served again to the same session until the database changes. */
    pageCache?: true;
  }
  interface FastifyRequest {
    pageCacheKey: string | null;
  }
}

/** Pages kept, least recently used out first; a larger page is not kept at all. */
const MAX_PAGES = 128;
const MAX_PAGE_CHARS = 512 * 1024;

/**
 * The busiest pages (dashboard, board, company, dispatch, statistics, search) rendered once and
 * served again to the same session while nothing changed: the key holds the session, the URL with
 * its query, the database version (any row written by anyone) and the minute (so "today",
 * "overdue" and "in 2 hours" move on). A page with a flash message to show is never kept or served
 * from here, and only complete 200 pages are kept. `x-page-cache: hit` says a page came from here.
 */
export default fp(
  async (app) => {
    const pages = new Map<string, { html: string; contentType: string }>();
    app.decorateRequest('pageCacheKey', null);

    function keyOf(request: FastifyRequest): string | null {
      if (request.method !== 'GET' || !request.routeOptions.config.pageCache) return null;
      const session = request.session;
      if (!request.user || request.authMethod !== 'session' || !session?.sessionId) return null;
      if (session.flash?.length || app.db.$client.inTransaction) return null;
      const minute = Math.floor(app.clock.now().getTime() / 60_000);
      return `${session.sessionId}\n${request.url}\n${app.repos.databaseVersion()}\n${minute}`;
    }

    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const key = keyOf(request);
      if (!key) return;
      request.pageCacheKey = key;
      const page = pages.get(key);
      if (!page) return;
      pages.delete(key);
      pages.set(key, page);
      return reply.header('content-type', page.contentType).header('x-page-cache', 'hit').send(page.html);
    });

    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const key = request.pageCacheKey;
      if (!key || reply.getHeader('x-page-cache') === 'hit') return payload;
      reply.header('x-page-cache', 'miss');
      const contentType = String(reply.getHeader('content-type') ?? '');
      // Only a whole page made without writing anything: the key's version must still hold.
      if (
        reply.statusCode !== 200 ||
        typeof payload !== 'string' ||
        payload.length > MAX_PAGE_CHARS ||
        !contentType.startsWith('text/html') ||
        request.session?.flash?.length ||
        keyOf(request) !== key
      )
        return payload;
      if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!);
      pages.set(key, { html: payload, contentType });
      return payload;
    });
  },
  { name: 'page-cache', dependencies: ['db', 'auth', 'session'] },
);
