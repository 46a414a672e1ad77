import { describe, expect, it } from 'vitest';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser } from '../../../helper.js';

describe('archiving from the company and organization pages', () => {
  it('a coordinator archives and unarchives; the record leaves the list and comes back', async () => {
    const app = await buildTestApp();
    const make = factories(app);
    const company = make.company({ name: 'Archivable Holdings' });
    const organization = make.organization({ name: 'Archivable Coalition' });
    const coordinator = await browserSession(app, (await createUser(app, 'coordinator')).email);

    for (const [base, id, name] of [
      ['/companies', company.id, 'Archivable Holdings'],
      ['/organizations', organization.id, 'Archivable Coalition'],
    ] as const) {
      const archived = await coordinator.post(`${base}/${id}/archive`, {}, `${base}/${id}`);
      expect(archived.statusCode).toBe(302);
      expect(archived.headers.location).toBe(`${base}/${id}`);
      const page = await coordinator.get(`${base}/${id}`);
      expect(page.body).toContain('id="archived-badge"');
      expect(page.body).toContain(`${name} archived: it is gone from lists and pickers; its history stays.`);
      expect((await coordinator.get(base)).body).not.toContain(name);

      await coordinator.post(`${base}/${id}/unarchive`, {}, `${base}/${id}`);
      const back = await coordinator.get(`${base}/${id}`);
      expect(back.body).not.toContain('id="archived-badge"');
      expect(back.body).toContain(`${name} is back in lists and pickers.`);
      expect((await coordinator.get(base)).body).toContain(name);
    }
  });
});
