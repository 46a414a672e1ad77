import type { OutboxRow, Repositories } from '../../db/repositories/index.js';
import { ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { isEmailAddress } from '../lib/email-address.js';
import { randomToken } from '../lib/tokens.js';
import type { Renderer } from './renderer.js';
import { renderEmailMessage } from './templates/system-emails.js';

export interface QueueRequest {
  kind: string;
  to: string;
  template: string;
  data: Record<string, unknown>;
  replyTo?: string;
  /** The envelope sender (VERP); by default a bounce address of this message alone. */
  envelopeFrom?: string;
  headers?: Record<string, string>;
  dispatchId?: number;
  userId?: number;
  sendAfter?: Date;
  /** One-time values in the message (a setup link): the stored copy loses them once delivered. */
  secrets?: string[];
  /** Render with these versions of the email's template parts (builtin key → version), not the current ones. */
  templateVersions?: Record<string, number>;
}

export function bounceAddress(token: string, mailDomain: string): string {
  return `bounce+${token}@${mailDomain}`;
}

/** `"Name" <address>`, so a person sees their own name in To. */
export function mailbox(name: string | null | undefined, email: string): string {
  const clean = (name ?? '').replace(/["\\\r\n<>]/g, '').trim();
  return clean ? `"${clean}" <${email}>` : email;
}

// Mail Docket writes by itself, not a person: RFC 3834 asks responders not to answer it, and
// reminders and digests carry a List-Id so mail clients can filter them.
const AUTOMATIC_KINDS = new Set(['reminder', 'digest', 'invitation', 'review-needed', 'abuse-report']);
const LIST_KINDS: Record<string, string> = { reminder: 'Docket reminders', digest: 'Docket digests' };

function automaticHeaders(kind: string, mailDomain: string): Record<string, string> {
  if (!AUTOMATIC_KINDS.has(kind)) return {};
  const list = LIST_KINDS[kind];
  return {
    'Auto-Submitted': 'auto-generated',
    ...(list && { 'List-Id': `${list} <${kind}s.${mailDomain}>` }),
  };
}

/** The bare address of `"Name" <a@b.c>` or `a@b.c`. */
function bareAddress(value: string): string {
  const match = /<([^<>]+)>\s*$/.exec(value);
  return (match?.[1] ?? value).trim();
}

/**
 * The one way email leaves Docket: render, validate, store in the outbox. Delivery is the outbox
 * job's work, so a crash between here and the SMTP server loses nothing.
 */
export function createMailer({
  repos,
  renderer,
  clock,
  mailFrom,
  mailDomain,
}: {
  repos: Repositories;
  renderer: Renderer;
  clock: Clock;
  mailFrom: string;
  mailDomain: string;
}) {
  return {
    /** Call inside the caller's transaction so the message is stored with the change that caused it. */
    queue(request: QueueRequest): OutboxRow {
      if (!isEmailAddress(bareAddress(request.to)))
        throw new ValidationError('to', `"${request.to}" is not a valid email address`);
      const frozen = request.templateVersions;
      const rendered = frozen
        ? renderEmailMessage(renderer, request.template, request.data, (path) => {
            const key = path.replace(/\.hbs$/, '');
            const template = repos.templates.findByBuiltinKey(key);
            const version =
              template && frozen[key] ? repos.templates.version(template.id, frozen[key]) : undefined;
            return version?.body ?? renderer.readTemplateFile(path);
          })
        : renderEmailMessage(renderer, request.template, request.data);
      return repos.outbox.insert({
        messageId: `<${randomToken(16)}@${mailDomain}>`,
        kind: request.kind,
        toAddress: request.to.trim(),
        fromAddress: mailFrom,
        replyTo: request.replyTo ?? null,
        envelopeFrom: request.envelopeFrom ?? bounceAddress(`m${randomToken(12)}`, mailDomain),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers: { ...automaticHeaders(request.kind, mailDomain), ...request.headers },
        sendAfter: (request.sendAfter ?? clock.now()).toISOString(),
        dispatchId: request.dispatchId ?? null,
        userId: request.userId ?? null,
        secrets: request.secrets?.length ? request.secrets : null,
      });
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
