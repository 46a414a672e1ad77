import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { wordedErrors } from '../../lib/form-messages.js';
import { roleAtLeast } from '../../lib/roles.js';
import type { FieldErrors } from '../../lib/validate.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page in the layout with the user, navigation, flash messages and a CSRF token. */
    page(view: string, data?: Record<string, unknown>, status?: number): FastifyReply;
    /** Re-renders a form with its field errors and the values the person typed (status 422). */
    formErrors(view: string, data: Record<string, unknown> & { errors?: FieldErrors }): FastifyReply;
  }
  interface FastifyRequest {
    flash(kind: 'success' | 'error' | 'info', text: string): void;
  }
}

interface NavItem {
  href: string;
  label: string;
  active: boolean;
}

const NAV: { href: string; label: string; minimum: 'member' | 'staff' | 'coordinator' | 'admin' }[] = [
  { href: '/', label: 'Dashboard', minimum: 'member' },
  { href: '/campaigns', label: 'Campaigns', minimum: 'member' },
  { href: '/companies', label: 'Companies', minimum: 'member' },
  { href: '/organizations', label: 'Organizations', minimum: 'member' },
  { href: '/templates', label: 'Templates', minimum: 'staff' },
  { href: '/deadlines', label: 'Deadlines', minimum: 'member' },
  { href: '/outbox', label: 'Outbox', minimum: 'coordinator' },
  { href: '/inbox', label: 'Inbox', minimum: 'staff' },
  { href: '/users', label: 'Users', minimum: 'admin' },
];

export default fp(
  async (app) => {
    app.decorateRequest('flash', function (kind, text) {
      const messages = this.session.flash ?? [];
      messages.push({ kind, text });
      this.session.flash = messages;
    });

    app.decorateReply('page', function (this: FastifyReply, view, data = {}, status = 200) {
      const request = this.request;
      const user = request.user;
      const path = request.url.split('?')[0] ?? '/';
      const nav: NavItem[] = user
        ? NAV.filter((item) => roleAtLeast(user.role, item.minimum)).map((item) => ({
            href: item.href,
            label: item.label,
            active: item.href === '/' ? path === '/' : path.startsWith(item.href),
          }))
        : [];
      const flash = request.session?.flash ?? [];
      if (flash.length) request.session.flash = [];
      const can = user
        ? {
            edit: roleAtLeast(user.role, 'staff'),
            coordinate: roleAtLeast(user.role, 'coordinator'),
            admin: user.role === 'admin',
          }
        : {};
      this.code(status);
      return this.view(view, {
        ...data,
        currentUser: user,
        can,
        nav,
        flash,
        csrfToken: this.generateCsrf(),
        requestId: request.id,
      });
    });

    app.decorateReply('formErrors', function (this: FastifyReply, view, data) {
      // Every form's field errors are put in words here, once: nested forms (`form.errors`) too.
      const worded: Record<string, unknown> = { ...data, errors: wordedErrors(data.errors) };
      for (const [key, value] of Object.entries(data)) {
        if (key !== 'errors' && value && typeof value === 'object' && 'errors' in value) {
          const nested = value as { errors?: FieldErrors };
          worded[key] = { ...nested, errors: wordedErrors(nested.errors) };
        }
      }
      return this.page(view, { ...worded, formInvalid: true }, 422);
    });
  },
  { name: 'pages', dependencies: ['view', 'session', 'csrf'] },
);
