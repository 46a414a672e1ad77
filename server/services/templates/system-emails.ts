import Handlebars from 'handlebars';
import type { Role } from '../../domain/vocabulary.js';
import { ForbiddenError } from '../../errors.js';
import type { RenderedEmail, Renderer, SourceResolver } from '../renderer.js';
import { sanitizeEmailHtml } from './email-html.js';

/**
 * Emails Docket sends to people on its own account. Their link (invitation, unsubscribe) and the
 * words around it are a fixed block from templates/system; the editable template never sees the
 * link, and only admins edit these templates.
 */
interface SystemEmail {
  block: 'invitation-link' | 'reminder-footer' | 'digest-footer';
  fixedKeys: string[];
}

export function systemEmailOf(emailName: string): SystemEmail | undefined {
  if (emailName === 'invitation') return { block: 'invitation-link', fixedKeys: ['url'] };
  if (emailName === 'digest') return { block: 'digest-footer', fixedKeys: ['unsubscribeUrl', 'settingsUrl'] };
  if (emailName.startsWith('reminder-'))
    return { block: 'reminder-footer', fixedKeys: ['unsubscribeUrl', 'settingsUrl'] };
  return undefined;
}

/** What the editable part of a system email may read: everything but its fixed links. */
export function editableDataOf(emailName: string, data: Record<string, unknown>): Record<string, unknown> {
  const system = systemEmailOf(emailName);
  if (!system) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !system.fixedKeys.includes(key)));
}

export function assertMayEditEmail(emailName: string, role: Role): void {
  if (systemEmailOf(emailName) && role !== 'admin')
    throw new ForbiddenError(
      'Only an admin may edit the emails Docket sends to people (invitations, reminders, digests)',
    );
}

/** Puts an editable part (already rendered) and the fixed block of a system email together. */
export function composeSystemEmailPart(
  renderer: Renderer,
  emailName: string,
  part: 'text' | 'html',
  editableOutput: string,
  data: Record<string, unknown>,
): string {
  const system = systemEmailOf(emailName);
  if (!system) return editableOutput;
  const fixed = renderer.compiled(
    renderer.readTemplateFile(`system/${system.block}.${part}.hbs`),
    part === 'html',
  )(data);
  if (part === 'text') return `${editableOutput.trimEnd()}\n\n${fixed}`;
  return renderer.compiled(
    renderer.readTemplateFile('system/layout.html.hbs'),
    true,
  )({
    content: new Handlebars.SafeString(sanitizeEmailHtml(editableOutput)),
    fixed: new Handlebars.SafeString(fixed),
  });
}

/** Renders an email as it is sent: system emails get their fixed link block, others render as they are. */
export function renderEmailMessage(
  renderer: Renderer,
  name: string,
  data: Record<string, unknown>,
  sources?: SourceResolver,
): RenderedEmail {
  if (!systemEmailOf(name)) return renderer.renderEmail(name, data, sources);
  const editable = renderer.renderEmail(name, editableDataOf(name, data), sources);
  return {
    subject: editable.subject,
    text: composeSystemEmailPart(renderer, name, 'text', editable.text, data),
    html: composeSystemEmailPart(renderer, name, 'html', editable.html, data),
  };
}
