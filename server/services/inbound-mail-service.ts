import { createHash } from 'node:crypto';
import type * as HtmlToText from 'html-to-text';
import type * as MailParser from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { DispatchRow, InboundMessageRow, Repositories } from '../../db/repositories/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { lazyPackage } from '../lib/lazy-package.js';
import type { Actor } from './actor.js';
import type { DispatchesService } from './dispatches-service.js';
import { recordEvent } from './events.js';
import { isAutoReply, looksLikeDeliveryReport } from './mail/auto-reply.js';
import { repairC1Controls, repairCharsets } from './mail/charsets.js';
import { type FailedRecipient, readDeliveryReport } from './mail/delivery-report.js';

/** Attachments above this size are not stored (the message itself is); at most this many per message. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;
// Loaded with the first message: the web server and CLI commands that never parse mail skip them.
const mailParser = lazyPackage<typeof MailParser>('mailparser');
const htmlToText = lazyPackage<typeof HtmlToText>('html-to-text');

const MAX_BODY_CHARS = 500_000;
/** The largest message accepted (SMTP listener, IMAP and `docket mail import`). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Default storage quota for mail no dispatch claimed; the oldest is discarded above it. */
export const DEFAULT_UNMATCHED_QUOTA_BYTES = 200 * 1024 * 1024;

export const inboundActor: Actor = { userId: null, label: 'inbound email' };

export type InboundOutcome =
  | {
      status: 'matched';
      inboundMessageId: number;
      dispatchId: number;
      responseId: number;
      kind: 'substantive' | 'auto_reply' | 'bounce';
      matchedBy: MatchedBy;
    }
  | { status: 'bounce'; inboundMessageId: number; outboxId: number | null }
  | { status: 'abuse_report'; inboundMessageId: number; dispatchId: number | null }
  | { status: 'unmatched'; inboundMessageId: number; proposedDispatchId: number | null }
  | { status: 'duplicate'; inboundMessageId: number };

export type MatchedBy = 'reply_address' | 'bounce_address' | 'in_reply_to' | 'subject_ref';

const REPLY_ADDRESS = /^reply\+([A-Za-z0-9_-]+)@([^@\s]+)$/i;
const BOUNCE_ADDRESS = /^bounce\+([A-Za-z0-9_-]+)@([^@\s]+)$/i;
const SUBJECT_REF = /\[Docket ref ([A-Za-z0-9_-]{8})\]/;
const MESSAGE_ID = /<[^<>\s]+>/g;

export interface ReceiveOptions {
  /** RCPT TO addresses of the SMTP envelope (or Delivered-To of a mailbox). */
  envelopeTo?: string[];
  /** MAIL FROM of the SMTP envelope; `''` is the null sender of delivery reports and auto-replies. */
  envelopeFrom?: string;
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

/**
 * The message's text: its plain-text part, or, when that is empty, its HTML converted the way
 * mailparser converts an HTML-only message (html-to-text: no scripts or styles, entities decoded).
 */
function textOf(mail: ParsedMail): string {
  if (mail.text?.trim()) return mail.text;
  if (typeof mail.html === 'string') return htmlToText().htmlToText(mail.html, { wordwrap: false }).trim();
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
    category: message.category,
    proposedDispatchId: message.proposedDispatchId,
    assignedBy: message.assignedBy,
    assignedAt: message.assignedAt,
  };
}

/** Tells coordinators what arrived (called inside the transaction that stored it). */
export interface InboundNotifier {
  responseToReview(message: InboundMessageRow, dispatch: DispatchRow, kind: string): void;
  abuseReport(message: InboundMessageRow, dispatch: DispatchRow | undefined): void;
}

function bareEmail(value: string): string {
  return (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim().toLowerCase();
}

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(' ');
  return typeof value === 'object' && 'text' in value ? String(value.text) : String(value);
}

export function createInboundMailService({
  repos,
  clock,
  dispatches,
  mailDomain,
  unmatchedQuotaBytes = DEFAULT_UNMATCHED_QUOTA_BYTES,
  notify,
}: {
  repos: Repositories;
  clock: Clock;
  dispatches: DispatchesService;
  mailDomain: string;
  unmatchedQuotaBytes?: number;
  notify?: InboundNotifier;
}) {
  const domain = mailDomain.toLowerCase();

  function tokenOf(pattern: RegExp, address: string): string | undefined {
    const match = pattern.exec(address.trim());
    return match && match[2]!.toLowerCase() === domain ? match[1] : undefined;
  }

  /** The matching order: reply address, a Message-ID we sent, the subject reference. */
  function findDispatch(
    recipients: string[],
    subject: string,
    referenced: string[],
  ): { dispatch: DispatchRow; matchedBy: MatchedBy } | undefined {
    for (const address of recipients) {
      const token = tokenOf(REPLY_ADDRESS, address);
      const dispatch = token ? repos.dispatches.findByReplyToken(token) : undefined;
      if (dispatch) return { dispatch, matchedBy: 'reply_address' };
    }
    const sent = repos.outbox.findDispatchMessage(referenced);
    const byReference = sent?.dispatchId ? repos.dispatches.findById(sent.dispatchId) : undefined;
    if (byReference) return { dispatch: byReference, matchedBy: 'in_reply_to' };
    const ref = SUBJECT_REF.exec(subject)?.[1];
    if (!ref) return undefined;
    const candidates = repos.dispatches.findByReplyTokenPrefix(ref, 2);
    return candidates.length === 1 ? { dispatch: candidates[0]!, matchedBy: 'subject_ref' } : undefined;
  }

  /** A guess for staff to confirm: the sender's domain belongs to a company with exactly one open dispatch. */
  function proposeDispatch(sender: string): DispatchRow | undefined {
    const at = sender.lastIndexOf('@');
    if (at < 0) return undefined;
    const senderDomain = sender.slice(at + 1).toLowerCase();
    if (!senderDomain || senderDomain === domain) return undefined;
    const open = repos.dispatches.openForCompanies(repos.companies.idsByDomain(senderDomain), 2);
    return open.length === 1 ? open[0] : undefined;
  }

  /** Stores the failures a delivery report names, attributed to the dispatch's recipients. */
  function recordFailures(
    report: FailedRecipient[],
    target: { dispatch?: DispatchRow; outboxId?: number; responseId?: number },
  ) {
    const { dispatch } = target;
    const sentTo = dispatch ? repos.outbox.recipientsOfDispatch(dispatch.id).map(bareEmail) : [];
    const contacts = dispatch ? (repos.companies.findById(dispatch.companyId)?.contacts ?? []) : [];
    const ours = report.filter((r) => r.recipient && sentTo.includes(r.recipient.toLowerCase()));
    // A report that names none of our recipients (a rewritten address, a server that names no one)
    // is about the only address we sent to, when there was one.
    const attributed =
      ours.length > 0
        ? ours
        : sentTo.length === 1 || !dispatch
          ? report.slice(0, 1).map((r) => ({ ...r, recipient: sentTo[0] ?? r.recipient }))
          : [];
    for (const failure of attributed) {
      const email = failure.recipient?.toLowerCase() ?? null;
      repos.deliveryFailures.insert({
        dispatchId: dispatch?.id ?? null,
        outboxId: target.outboxId ?? null,
        responseId: target.responseId ?? null,
        contactId: contacts.find((c) => c.email.toLowerCase() === email)?.id ?? null,
        recipient: failure.recipient?.slice(0, 320) ?? null,
        permanent: failure.permanent,
        statusCode: failure.statusCode,
        diagnostic: failure.diagnostic,
      });
    }
    return attributed;
  }

  /** Keeps unmatched mail under its quota: the oldest goes first, each with an event. */
  function enforceQuota() {
    let total = repos.inbound.unmatchedBytes();
    while (total > unmatchedQuotaBytes) {
      const oldest = repos.inbound.oldestUnmatched(50);
      if (!oldest.length) return;
      for (const message of oldest) {
        if (total <= unmatchedQuotaBytes) return;
        repos.inbound.delete(message.id);
        total -= message.sizeBytes;
        recordEvent(
          repos,
          inboundActor,
          'inbound.discarded',
          {},
          {
            reason: 'unmatched mail quota',
            messageId: message.messageId,
            from: message.fromAddress,
            subject: message.subject,
            receivedAt: message.receivedAt,
            sizeBytes: message.sizeBytes,
          },
        );
      }
    }
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
    kind: 'auto_reply' | 'substantive' | 'bounce',
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
     * Stores one message, idempotently by Message-ID. Mail to a bounce address is a delivery
     * report about what it names; a reply is attached to the dispatch its reply address, a
     * Message-ID we sent, or its `[Docket ref …]` names, unreviewed; the rest waits in the inbox.
     */
    async receive(raw: Buffer | string, options: ReceiveOptions | string[] = {}): Promise<InboundOutcome> {
      const { envelopeTo = [], envelopeFrom } = Array.isArray(options) ? { envelopeTo: options } : options;
      const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
      if (size > MAX_MESSAGE_BYTES) {
        throw new ValidationError('message', `is ${size} bytes; at most ${MAX_MESSAGE_BYTES} are accepted`);
      }
      const mail = await mailParser().simpleParser(
        repairCharsets(typeof raw === 'string' ? Buffer.from(raw) : raw),
      );
      mail.subject = mail.subject === undefined ? undefined : repairC1Controls(mail.subject);
      if (mail.text) mail.text = repairC1Controls(mail.text);
      if (typeof mail.html === 'string') mail.html = repairC1Controls(mail.html);
      const messageId =
        mail.messageId?.trim() || `<sha256-${createHash('sha256').update(raw).digest('hex')}@docket.inbound>`;
      const to = [...new Set([...envelopeTo, ...addresses(mail.to), ...addresses(mail.cc)])];
      const subject = (mail.subject ?? '').trim();
      const text = textOf(mail);
      const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : clock.now();
      const referenced = [
        ...new Set(
          `${headerText(mail, 'in-reply-to')} ${headerText(mail, 'references')}`.match(MESSAGE_ID) ?? [],
        ),
      ];
      const bounceToken = to.map((a) => tokenOf(BOUNCE_ADDRESS, a)).find(Boolean);
      const autoReply = isAutoReply({ headers: mail.headers, subject, envelopeFrom });
      const deliveryReport = bounceToken !== undefined || looksLikeDeliveryReport(mail, envelopeFrom);
      const report = deliveryReport ? readDeliveryReport(mail, text, domain) : undefined;
      if (report) {
        // A report returns our letter (or its headers): its Message-ID names the dispatch when the
        // report reached us without the bounce address (a shared mailbox, a forwarding rule).
        const returned = [
          text,
          ...mail.attachments
            .filter((a) => a.contentType.startsWith('message/'))
            .map((a) => a.content.toString('latin1')),
        ];
        for (const part of returned) {
          for (const match of part.matchAll(/^\s*Message-ID:\s*(<[^<>\s]+>)/gim)) referenced.push(match[1]!);
        }
      }
      const files = mail.attachments
        .filter((a) => !a.related && a.size <= MAX_ATTACHMENT_BYTES)
        .slice(0, MAX_ATTACHMENTS);

      return repos.transaction((): InboundOutcome => {
        const existing = repos.inbound.findByMessageId(messageId);
        if (existing) return { status: 'duplicate', inboundMessageId: existing.id };
        const viaBounce = bounceToken ? repos.dispatches.findByBounceToken(bounceToken) : undefined;
        const viaOutbox =
          bounceToken && !viaBounce
            ? repos.outbox.findByEnvelopeFrom(`bounce+${bounceToken}@${domain}`)
            : undefined;
        const match = viaBounce
          ? { dispatch: viaBounce, matchedBy: 'bounce_address' as const }
          : viaOutbox?.dispatchId
            ? {
                dispatch: repos.dispatches.findById(viaOutbox.dispatchId)!,
                matchedBy: 'bounce_address' as const,
              }
            : findDispatch(to, subject, referenced);
        const dispatch = match?.dispatch;
        const category = report?.kind === 'abuse_report' ? 'abuse_report' : report ? 'bounce' : 'reply';
        const proposed =
          !dispatch && category === 'reply' ? proposeDispatch(bareEmail(senderOf(mail.from))) : undefined;
        let message = repos.inbound.insert({
          messageId,
          fromAddress: senderOf(mail.from),
          toAddress: to.join(', '),
          subject,
          text,
          html: typeof mail.html === 'string' ? mail.html : null,
          receivedAt: date.toISOString(),
          category,
          proposedDispatchId: proposed?.id ?? null,
          sizeBytes: size,
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
        const refs = dispatch
          ? {
              campaignId: dispatch.campaignId,
              letterId: dispatch.letterId,
              dispatchId: dispatch.id,
              companyId: dispatch.companyId,
            }
          : {};

        if (report?.kind === 'abuse_report') {
          if (dispatch) message = repos.inbound.update(message.id, { dispatchId: dispatch.id })!;
          recordEvent(repos, inboundActor, 'inbound.abuse_report', refs, {
            inboundMessageId: message.id,
            from: message.fromAddress,
            feedbackType: report.feedbackType,
          });
          notify?.abuseReport(message, dispatch);
          return { status: 'abuse_report', inboundMessageId: message.id, dispatchId: dispatch?.id ?? null };
        }

        if (report && !dispatch) {
          const failures = recordFailures(report.recipients, { outboxId: viaOutbox?.id });
          recordEvent(repos, inboundActor, 'inbound.bounce', refs, {
            inboundMessageId: message.id,
            outboxId: viaOutbox?.id ?? null,
            to: viaOutbox?.toAddress ?? null,
            permanent: report.permanent,
            failures: failures.length,
          });
          enforceQuota();
          return { status: 'bounce', inboundMessageId: message.id, outboxId: viaOutbox?.id ?? null };
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
              proposedDispatchId: proposed?.id ?? null,
            },
          );
          enforceQuota();
          return {
            status: 'unmatched',
            inboundMessageId: message.id,
            proposedDispatchId: proposed?.id ?? null,
          };
        }

        message = repos.inbound.update(message.id, { dispatchId: dispatch.id })!;
        const kind = report ? 'bounce' : autoReply ? 'auto_reply' : 'substantive';
        const response = respond(message, dispatch, kind, inboundActor);
        if (report) {
          const failures = recordFailures(report.recipients, { dispatch, responseId: response.id });
          recordEvent(repos, inboundActor, 'dispatch.delivery_failed', refs, {
            responseId: response.id,
            permanent: report.permanent,
            recipients: failures.map((f) => f.recipient),
            statusCode: failures[0]?.statusCode ?? null,
          });
        }
        notify?.responseToReview(message, dispatch, kind);
        return {
          status: 'matched',
          inboundMessageId: message.id,
          dispatchId: dispatch.id,
          responseId: response.id,
          kind,
          matchedBy: match!.matchedBy,
        };
      });
    },

    /** Discards an inbox message for good (spam, a newsletter), with an event. */
    discard(id: number, actor: Actor) {
      const message = getMessage(id);
      if (message.dispatchId !== null) {
        throw new ConflictError(
          `is assigned to dispatch ${message.dispatchId}; it cannot be discarded`,
          'inboundMessage',
        );
      }
      repos.transaction(() => {
        repos.inbound.delete(id);
        recordEvent(
          repos,
          actor,
          'inbound.discarded',
          {},
          {
            reason: 'discarded by staff',
            messageId: message.messageId,
            from: message.fromAddress,
            subject: message.subject,
          },
        );
      });
    },

    listAbuseReports(limit = 50) {
      return repos.inbound.listByCategory('abuse_report', limit);
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
