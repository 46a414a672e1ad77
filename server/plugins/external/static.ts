import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { PROJECT_ROOT as root } from '../../lib/project-root.js';

export default fp(
  async (app) => {
    await app.register(fastifyStatic, { root: join(root, 'public'), prefix: '/static/', maxAge: '1h' });
    await app.register(fastifyStatic, {
      root: join(root, 'node_modules', '@picocss', 'pico', 'css'),
      prefix: '/static/vendor/pico/',
      decorateReply: false,
      maxAge: '1d',
    });
  },
  { name: 'static' },
);
