import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { UserRow } from '../../../db/repositories/index.js';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import { type Access, roleAtLeast } from '../../lib/roles.js';
import type { Actor } from '../../services/actor.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: `public`, or the lowest role allowed. */
    access?: Access;
    /** `false` for a public link whose signed token is its own proof (one-click unsubscribe, RFC 8058). */
    csrf?: false;
  }
  interface FastifyRequest {
    user: UserRow | null;
    authMethod: 'session' | 'token' | null;
    actor(): Actor;
  }
  interface FastifyInstance {
    /** Every route registered, with the access it declared; the route-access test reads this. */
    routeAccess: { method: string; url: string; access: Access; csrf: boolean }[];
  }
}

// Routes that plugins register for us: the API documentation and static files.
const PLUGIN_ROUTE_PREFIXES = ['/api/docs', '/static/'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export default fp(
  async (app) => {
    app.decorate('routeAccess', []);
    app.decorateRequest('user', null);
    app.decorateRequest('authMethod', null);
    app.decorateRequest('actor', function (this: FastifyRequest): Actor {
      return this.user
        ? { userId: this.user.id, label: this.user.name }
        : { userId: null, label: 'anonymous' };
    });

    app.addHook('onRoute', (route: RouteOptions) => {
      const config = (route.config ?? {}) as { access?: Access; csrf?: false };
      if (!config.access && PLUGIN_ROUTE_PREFIXES.some((p) => route.url.startsWith(p))) {
        route.config = { ...config, access: 'public' };
      } else if (!config.access) {
        throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`);
      }
      const access = (route.config as { access: Access }).access;
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD')
          app.routeAccess.push({ method, url: route.url, access, csrf: config.csrf !== false });
      }
    });

    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        const user = app.services.auth.authenticateApiToken(header.slice(7).trim());
        if (!user) throw new UnauthorizedError('The API token is not valid');
        request.user = user;
        request.authMethod = 'token';
      } else if (request.session?.userId) {
        const user = app.repos.users.findById(request.session.userId);
        if (user?.active) {
          request.user = user;
          request.authMethod = 'session';
        }
      }
      const access = request.routeOptions.config?.access ?? 'public';
      if (access === 'public') return;
      if (!request.user) throw new UnauthorizedError();
      if (!roleAtLeast(request.user.role, access)) throw new ForbiddenError();
    });

    // Forms carry a CSRF token. API calls are exempt when they cannot be forged cross-site:
    // a bearer token, or a JSON body (which a foreign page cannot send without CORS).
    app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!UNSAFE_METHODS.has(request.method)) return;
      if (request.authMethod === 'token') return;
      if (request.routeOptions.config?.csrf === false) return;
      if (request.url.startsWith('/api/') && request.headers['content-type']?.startsWith('application/json'))
        return;
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
      });
    });
  },
  { name: 'auth', dependencies: ['services', 'session', 'csrf'] },
);
