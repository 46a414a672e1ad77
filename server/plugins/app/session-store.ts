import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Repositories } from '../../../db/repositories/index.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Server-side sessions in the SQLite database, so a restart logs nobody out. Expiry follows the
 * session cookie, which @fastify/session dates by the wall clock: so does this store.
 */
export class SqliteSessionStore implements SessionStore {
  constructor(private readonly repos: Repositories) {}

  set(sessionId: string, session: Session, callback: (err?: unknown) => void): void {
    try {
      const expires = session.cookie?.expires
        ? new Date(session.cookie.expires).getTime()
        : Date.now() + DAY_MS;
      this.repos.sessions.set(sessionId, JSON.stringify(session), session.userId ?? null, expires);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  get(sessionId: string, callback: (err: unknown, result?: Session | null) => void): void {
    try {
      const data = this.repos.sessions.get(sessionId, Date.now());
      callback(null, data ? (JSON.parse(data) as Session) : null);
    } catch (error) {
      callback(error);
    }
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    try {
      this.repos.sessions.destroy(sessionId);
      callback();
    } catch (error) {
      callback(error);
    }
  }
}
