import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { browserSession, createUser, testConfig } from '../helper.js';

const config = testConfig();
const app = await buildApp(config, { logger: false });
app.get('/boom', { config: { access: 'public' } }, async () => {
  throw new Error('secret detail from deep inside');
});
app.get('/api/boom', { config: { access: 'public' } }, async () => {
  throw new Error('secret detail from deep inside');
});
await app.ready();
afterAll(async () => {
  await app.close();
  rmSync(config.dataDir, { recursive: true, force: true });
});

describe('the application shell', () => {
  it('serves an OpenAPI document of the JSON API at /api/docs', async () => {
    const ui = await app.inject({ url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
    const doc = (await app.inject({ url: '/api/docs/json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/health',
      '/api/companies',
      '/api/companies/{id}',
      '/api/campaigns/{id}/letters',
      '/api/letters/{id}/send',
      '/api/dispatches/{id}/responses',
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.some((p) => !p.startsWith('/api/'))).toBe(false);
    expect(doc.paths['/api/companies'].post.requestBody).toBeDefined();
  });

  it('shows a 500 page with the request id and never the error itself', async () => {
    const admin = await createUser(app, 'admin');
    const session = await browserSession(app, admin.email);
    const page = await session.get('/boom');
    expect(page.statusCode).toBe(500);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).not.toContain('secret detail');
    expect(page.body).not.toMatch(/at .*\.ts:\d+/);
    const requestId = /Request id: <code>([\w-]+)<\/code>/.exec(page.body)?.[1];
    expect(requestId).toBeTruthy();
    const api = await app.inject({ url: '/api/boom' });
    expect(api.statusCode).toBe(500);
    expect(api.json()).toMatchObject({ statusCode: 500, error: 'Internal Server Error' });
    expect(api.json().message).not.toContain('secret detail');
    expect(api.json().message).toMatch(/request id \w+/);
  });

  it('answers unknown pages with a 404 page and unknown API paths with JSON', async () => {
    const admin = await createUser(app, 'admin');
    const session = await browserSession(app, admin.email);
    const page = await session.get('/no-such-page');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page not found');
    const api = await app.inject({ url: '/api/no-such-thing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('sends a Content-Security-Policy and other protective headers', async () => {
    const response = await app.inject({ url: '/login' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain('/static/vendor/pico/pico.min.css');
    const css = await app.inject({ url: '/static/vendor/pico/pico.min.css' });
    expect(css.statusCode).toBe(200);
  });
});
