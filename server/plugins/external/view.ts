import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import view from '@fastify/view';
import fp from 'fastify-plugin';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { createViewHandlebars } from '../../lib/view-helpers.js';

export const VIEWS_DIR = join(PROJECT_ROOT, 'views');

export default fp<{ production: boolean; timezone: string }>(
  async (app, { production, timezone }) => {
    const partials = Object.fromEntries(
      readdirSync(join(VIEWS_DIR, 'partials'))
        .filter((file) => file.endsWith('.hbs'))
        .map((file) => [file.replace(/\.hbs$/, ''), `partials/${file}`]),
    );
    await app.register(view, {
      engine: { handlebars: createViewHandlebars(timezone) },
      root: VIEWS_DIR,
      layout: 'layouts/main.hbs',
      viewExt: 'hbs',
      production,
      options: { partials },
    });
  },
  { name: 'view' },
);
