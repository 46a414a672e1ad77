import fp from 'fastify-plugin';
import type { Db } from '../../../db/client.js';
import type { Repositories } from '../../../db/repositories/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    repos: Repositories;
  }
}

/** The database is opened (and migrated) by buildApp; this plugin exposes it. */
export default fp<{ db: Db; repos: Repositories }>(
  async (app, { db, repos }) => {
    app.decorate('db', db);
    app.decorate('repos', repos);
  },
  { name: 'db' },
);
