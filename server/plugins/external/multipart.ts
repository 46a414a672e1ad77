import multipart from '@fastify/multipart';
import fp from 'fastify-plugin';

/** Size of the largest spreadsheet a user may upload (the company import). */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

// Fields (and the file, as a Buffer) land on request.body before validation, so the CSRF check
// (a preValidation hook registered later, in plugins/app/auth.ts) reads `_csrf` from a file upload too.
export default fp(
  async (app) => {
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 20, parts: 25 },
    });
  },
  { name: 'multipart' },
);
