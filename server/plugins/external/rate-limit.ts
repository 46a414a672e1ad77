import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/** Off by default; routes opt in with `config.rateLimit` (the login form does). */
export default fp(
  async (app) => {
    await app.register(rateLimit, { global: false });
  },
  { name: 'rate-limit' },
);
