import type { ParsedMail } from 'mailparser';

/** What a delivery report says about one recipient. */
export interface FailedRecipient {
  recipient: string | null;
  permanent: boolean;
  statusCode: string | null;
  diagnostic: string | null;
}

export type DeliveryReport =
  | { kind: 'abuse_report'; feedbackType: string | null }
  | { kind: 'delivery_report'; recipients: FailedRecipient[]; permanent: boolean };

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const ENHANCED_STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const SMTP_REPLY = /\b([45]\d\d)[ -]/;

// Where the copy of the returned message starts: addresses below it are not the failed ones.
const ORIGINAL_MESSAGE = [
  /^-+\s*(?:Below this line is a copy of the message|Original message follows|original message|this is a copy of the message|The original message)/im,
  /^\s*-+\s*(?:Original|Returned|Undelivered) message\s*-+/im,
  /^(?:Received|Return-Path|Message-ID):\s/im,
  /^\s*-+\s*The header of the original message is following/im,
  /^\s*The original message was received at/im,
];

const TEMPORARY =
  /\b(?:delayed|delay(?:ed)? notification|warning|will (?:continue to )?(?:retry|try)|still (?:trying|being retried)|not yet been delivered|temporar(?:y|ily)|has not been delivered yet|retry timeout not reached)\b/i;
const PERMANENT_WORDS =
  /\b(?:permanent(?:ly)?|fatal|given up|gave up|i'm not going to try again|unknown user|user unknown|no such (?:user|mailbox|address)|does not exist|not recognized|undeliverable|failed|address rejected|recipient rejected|unrouteable|invalid recipient)\b/i;
const GIVEN_UP =
  /\b(?:permanent (?:error|failure)|given up|gave up|not going to try again|delivery has failed)\b/i;
const MAILER_LOCALPARTS = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|noreply|no-reply)$/i;

function headerValue(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && 'value' in value) return String(value.value);
  return String(value);
}

function parameters(mail: ParsedMail, name: string): Record<string, string> {
  const value = mail.headers.get(name);
  return value && typeof value === 'object' && 'params' in value
    ? ((value as { params: Record<string, string> }).params ?? {})
    : {};
}

/** An ARF abuse report (RFC 5965): `multipart/report; report-type=feedback-report`. */
export function isAbuseReport(mail: ParsedMail, text: string): boolean {
  const type = headerValue(mail, 'content-type').toLowerCase();
  const reportType = (parameters(mail, 'content-type')['report-type'] ?? '').toLowerCase();
  if (type === 'multipart/report' && reportType === 'feedback-report') return true;
  return /^Feedback-Type:\s*(abuse|fraud|virus|other|not-spam)\b/im.test(text) && /^User-Agent:/im.test(text);
}

/** The text that describes the failure, without the returned copy of our letter. */
function reportSection(text: string): string {
  let end = text.length;
  for (const pattern of ORIGINAL_MESSAGE) {
    const match = pattern.exec(text);
    if (match && match.index > 0 && match.index < end) end = match.index;
  }
  return text.slice(0, end);
}

/** The per-recipient blocks of a `message/delivery-status` part (RFC 3464), as mailparser left them in the text. */
function dsnRecipients(text: string): FailedRecipient[] {
  const recipients: FailedRecipient[] = [];
  const blocks = text.split(/\r?\n\s*\r?\n/);
  for (const block of blocks) {
    const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(unfolded)?.[1]?.trim();
    const finalRecipient = field('Final-Recipient') ?? field('Original-Recipient');
    const action = field('Action')?.toLowerCase();
    if (!finalRecipient && !action) continue;
    if (action && !action.startsWith('failed') && !action.startsWith('delayed')) continue;
    const status = field('Status');
    const code = status ? ENHANCED_STATUS.exec(status) : null;
    const address = (field('Original-Recipient') ?? finalRecipient ?? '').replace(/^[^;]*;\s*/, '');
    const permanent = action ? action.startsWith('failed') : code?.[1] === '5';
    recipients.push({
      recipient: address.match(EMAIL)?.[0] ?? null,
      // RFC 3464: `failed` is final whatever the status class (4.4.7 is a message that expired in the queue).
      permanent,
      statusCode: code ? code[0] : null,
      diagnostic:
        (field('Diagnostic-Code')?.replace(/^smtp;\s*/i, '') ?? status ?? null)?.slice(0, 500) ?? null,
    });
  }
  return recipients;
}

function diagnosticLine(section: string): string | null {
  const lines = section.split(/\r?\n/).map((l) => l.trim());
  const line =
    lines.find((l) => ENHANCED_STATUS.test(l) && /[A-Za-z]{3}/.test(l)) ??
    lines.find((l) => SMTP_REPLY.test(`${l} `) && /[A-Za-z]{3}/.test(l)) ??
    lines.find((l) => PERMANENT_WORDS.test(l) && l.length > 12);
  return line ? line.slice(0, 500) : null;
}

/** Non-standard reports (Exchange, Yahoo, qmail, Exim, Postfix without a DSN…): words and addresses. */
function heuristicRecipients(mail: ParsedMail, text: string, ownDomain: string): FailedRecipient[] {
  const section = reportSection(text);
  const subject = mail.subject ?? '';
  const code = ENHANCED_STATUS.exec(section);
  const smtp = SMTP_REPLY.exec(section);
  const temporaryWords =
    TEMPORARY.test(subject) || (TEMPORARY.test(section) && !PERMANENT_WORDS.test(section));
  const permanent = GIVEN_UP.test(section)
    ? true
    : code
      ? code[1] === '5'
      : smtp
        ? smtp[1]!.startsWith('5')
        : !temporaryWords;
  const sender = (mail.from?.value[0]?.address ?? '').toLowerCase();
  const seen = new Set<string>();
  const addresses: string[] = [];
  for (const match of section.matchAll(EMAIL)) {
    const address = match[0].replace(/^[.'=-]+|[.'=-]+$/g, '');
    const [local, domain] = address.toLowerCase().split('@') as [string, string];
    if (domain === ownDomain || domain.endsWith(`.${ownDomain}`)) continue;
    if (MAILER_LOCALPARTS.test(local) || address.toLowerCase() === sender) continue;
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    addresses.push(address);
  }
  const base = { permanent, statusCode: code ? code[0] : null, diagnostic: diagnosticLine(section) };
  return addresses.length
    ? addresses.map((recipient) => ({ recipient, ...base }))
    : [{ recipient: null, ...base }];
}

/**
 * Reads a message that arrived at a bounce address. Whatever arrives there is a report about our
 * mail; this finds which recipients failed, whether for good, and the server's own words.
 */
export function readDeliveryReport(mail: ParsedMail, text: string, ownDomain: string): DeliveryReport {
  if (isAbuseReport(mail, text)) {
    return {
      kind: 'abuse_report',
      feedbackType: /^Feedback-Type:\s*([\w-]+)/im.exec(text)?.[1]?.toLowerCase() ?? null,
    };
  }
  const dsn = dsnRecipients(text);
  const recipients = dsn.length ? dsn : heuristicRecipients(mail, text, ownDomain.toLowerCase());
  return { kind: 'delivery_report', recipients, permanent: recipients.some((r) => r.permanent) };
}
