import { createHash } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { DispatchRow, InboundMessageRow, Repositories } from '../../db/repositories/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { Actor } from './actor.js';
import type { DispatchesService } from './dispatches-service.js';
import { recordEvent } from './events.js';

/** Attachments above this size are not stored (the message itself is); at most this many per message. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;
const MAX_BODY_CHARS = 500_000;

export const inboundActor: Actor = { userId: null, label: 'inbound email' };

export type InboundOutcome =
  | { status: 'matched'; inboundMessageId: number; dispatchId: number; responseId: number }
  | { status: 'unmatched'; inboundMessageId: number }
  | { status: 'duplicate'; inboundMessageId: number };

const REPLY_ADDRESS = /^reply\+([A-Za-z0-9_-]+)@([^@\s]+)$/i;
const SUBJECT_REF = /\[Docket ref ([A-Za-z0-9_-]{8})\]/;

/**
 * An auto-reply (out of office, "we received your message") must not count as an answer, so it is
 * recorded as `auto_reply`; anything else is recorded as `substantive` but unreviewed, and staff
 * re-classify holding replies and refusals on the dispatch page.
 */
export function isAutoReply(headers: Map<string, unknown>): boolean {
  const header = (name: string) => {
    const value = headers.get(name);
    if (value === undefined || value === null) return undefined;
    return (typeof value === 'object' && 'value' in value ? String(value.value) : String(value))
      .trim()
      .toLowerCase();
  };
  const submitted = header('auto-submitted');
  if (submitted && submitted !== 'no') return true;
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return true;
  const precedence = header('precedence');
  return precedence === 'auto_reply' || precedence === 'bulk' || precedence === 'junk';
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []]
    .flat()
    .flatMap((group) => group.value.map((v) => v.address ?? ''))
    .filter(Boolean);
}

function senderOf(from: AddressObject | undefined): string {
  const first = from?.value[0];
  if (!first?.address) return from?.text ?? '';
  return first.name ? `${first.name} <${first.address}>` : first.address;
}

function textOf(mail: ParsedMail): string {
  if (mail.text?.trim()) return mail.text;
  if (typeof mail.html === 'string') {
    return mail.html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>|<\/p>/gi, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .trim();
  }
  return '';
}

export function snippetOf(text: string, length = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

export function serializeInboundMessage(message: InboundMessageRow) {
  return {
    id: message.id,
    messageId: message.messageId,
    from: message.fromAddress,
    to: message.toAddress,
    subject: message.subject,
    receivedAt: message.receivedAt,
    snippet: snippetOf(message.text),
    dispatchId: message.dispatchId,
    assignedBy: message.assignedBy,
    assignedAt: message.assignedAt,
  };
}

export function createInboundMailService({
  repos,
  clock,
  dispatches,
  mailDomain,
}: {
  repos: Repositories;
  clock: Clock;
  dispatches: DispatchesService;
  mailDomain: string;
}) {
  const domain = mailDomain.toLowerCase();

  function tokenOf(address: string): string | undefined {
    const match = REPLY_ADDRESS.exec(address.trim());
    return match && match[2]!.toLowerCase() === domain ? match[1] : undefined;
  }

  function findDispatch(recipients: string[], subject: string): DispatchRow | undefined {
    for (const address of recipients) {
      const token = tokenOf(address);
      const dispatch = token ? repos.dispatches.findByReplyToken(token) : undefined;
      if (dispatch) return dispatch;
    }
    const ref = SUBJECT_REF.exec(subject)?.[1];
    if (!ref) return undefined;
    const candidates = repos.dispatches.findByReplyTokenPrefix(ref, 2);
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /** The instant to record: the Date header, unless it is missing, in the future or before the letter went out. */
  function receivedAtFor(message: InboundMessageRow, dispatch: DispatchRow): string {
    const now = clock.now();
    const date = new Date(message.receivedAt);
    if (Number.isNaN(date.getTime()) || date > now || date < new Date(dispatch.sentAt)) {
      return now.toISOString();
    }
    return date.toISOString();
  }

  /** Records the response for a stored message on a dispatch; call inside a transaction. */
  function respond(
    message: InboundMessageRow,
    dispatch: DispatchRow,
    kind: 'auto_reply' | 'substantive',
    actor: Actor,
  ) {
    const response = dispatches.recordResponse(
      dispatch.id,
      {
        receivedAt: receivedAtFor(message, dispatch),
        kind,
        body: message.text.slice(0, MAX_BODY_CHARS),
        from: message.fromAddress.slice(0, 300),
        subject: message.subject.slice(0, 500),
      },
      actor,
      'email',
      { inboundMessageId: message.id },
    );
    repos.inbound.linkAttachments(message.id, response.id);
    return response;
  }

  function getMessage(id: number): InboundMessageRow {
    const message = repos.inbound.findById(id);
    if (!message) throw new NotFoundError('Inbound message', id);
    return message;
  }

  return {
    /** Whether the listener should accept mail for this envelope recipient. */
    acceptsRecipient(address: string): boolean {
      const at = address.lastIndexOf('@');
      return at > 0 && address.slice(at + 1).toLowerCase() === domain;
    },

    /**
     * Stores one message, idempotently by Message-ID, and attaches it as a response when its reply
     * address (or, failing that, the `[Docket ref …]` in its subject) names a dispatch.
     */
    async receive(raw: Buffer | string, envelopeTo: string[] = []): Promise<InboundOutcome> {
      const mail = await simpleParser(raw);
      const messageId =
        mail.messageId?.trim() || `<sha256-${createHash('sha256').update(raw).digest('hex')}@docket.inbound>`;
      const to = [...new Set([...envelopeTo, ...addresses(mail.to), ...addresses(mail.cc)])];
      const subject = (mail.subject ?? '').trim();
      const text = textOf(mail);
      const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : clock.now();
      const kind = isAutoReply(mail.headers) ? 'auto_reply' : 'substantive';
      const files = mail.attachments
        .filter((a) => !a.related && a.size <= MAX_ATTACHMENT_BYTES)
        .slice(0, MAX_ATTACHMENTS);

      return repos.transaction((): InboundOutcome => {
        const existing = repos.inbound.findByMessageId(messageId);
        if (existing) return { status: 'duplicate', inboundMessageId: existing.id };
        const dispatch = findDispatch(to, subject);
        let message = repos.inbound.insert({
          messageId,
          fromAddress: senderOf(mail.from),
          toAddress: to.join(', '),
          subject,
          text,
          html: typeof mail.html === 'string' ? mail.html : null,
          receivedAt: date.toISOString(),
        });
        for (const file of files) {
          repos.inbound.insertAttachment({
            inboundMessageId: message.id,
            filename: (file.filename ?? 'attachment').slice(0, 255),
            contentType: file.contentType,
            size: file.content.length,
            content: file.content,
          });
        }
        if (!dispatch) {
          recordEvent(
            repos,
            inboundActor,
            'inbound.unmatched',
            {},
            {
              inboundMessageId: message.id,
              from: message.fromAddress,
              subject,
            },
          );
          return { status: 'unmatched', inboundMessageId: message.id };
        }
        message = repos.inbound.update(message.id, { dispatchId: dispatch.id })!;
        const response = respond(message, dispatch, kind, inboundActor);
        return {
          status: 'matched',
          inboundMessageId: message.id,
          dispatchId: dispatch.id,
          responseId: response.id,
        };
      });
    },

    listInbox(limit = 200) {
      return repos.inbound.listUnmatched(limit);
    },

    get(id: number) {
      const message = getMessage(id);
      return { message, attachments: repos.inbound.attachmentsOfMessage(id) };
    },

    /** Files an inbox message on a dispatch, as if its reply address had matched. */
    assign(id: number, dispatchId: number, actor: Actor) {
      const message = getMessage(id);
      if (message.dispatchId !== null) {
        throw new ConflictError(`is already assigned to dispatch ${message.dispatchId}`, 'inboundMessage');
      }
      const dispatch = repos.dispatches.findById(dispatchId);
      if (!dispatch) throw new ValidationError('dispatchId', `dispatch ${dispatchId} does not exist`);
      return repos.transaction(() => {
        // Re-read inside the write lock: two staff assigning at once must not make two responses.
        if (repos.inbound.findById(id)?.dispatchId !== null) {
          throw new ConflictError('is already assigned', 'inboundMessage');
        }
        const assigned = repos.inbound.update(id, {
          dispatchId,
          assignedBy: actor.userId,
          assignedAt: clock.now().toISOString(),
        })!;
        const response = respond(assigned, dispatch, 'substantive', actor);
        return { message: assigned, response };
      });
    },
  };
}

export type InboundMailService = ReturnType<typeof createInboundMailService>;
