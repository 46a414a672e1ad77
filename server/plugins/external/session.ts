import session from '@fastify/session';
import fp from 'fastify-plugin';
import type { Repositories } from '../../../db/repositories/index.js';
import { SqliteSessionStore } from '../app/session-store.js';

declare module 'fastify' {
  interface Session {
    userId?: number;
    flash?: { kind: 'success' | 'error' | 'info'; text: string }[];
  }
}

const FOURTEEN_DAYS_MS = 14 * 24 * 3600 * 1000;

export default fp<{ secret: string; secure: boolean; repos: Repositories }>(
  async (app, { secret, secure, repos }) => {
    await app.register(session, {
      secret,
      cookieName: 'docket_session',
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: FOURTEEN_DAYS_MS },
      store: new SqliteSessionStore(repos),
    });
  },
  { name: 'session', dependencies: ['cookie'] },
);
