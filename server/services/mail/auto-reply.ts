import type { ParsedMail } from 'mailparser';

type Headers = ParsedMail['headers'];

function header(headers: Headers, name: string): string | undefined {
  const value = headers.get(name);
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'object' && 'value' in value ? String(value.value) : String(value);
  return text.trim().toLowerCase();
}

// Out-of-office subjects in the languages of the companies coalitions write to.
const OUT_OF_OFFICE_SUBJECT = new RegExp(
  [
    'out of (the )?office',
    'automatic reply',
    'auto(matic)?[ -]?reply',
    'autoreply',
    'auto[ -]?response',
    'away from (the )?office',
    'abwesenheit',
    'automatische antwort',
    'nicht im büro',
    'réponse automatique',
    'absent(e)? du bureau',
    'respuesta automática',
    'fuera de la oficina',
    'risposta automatica',
    'fuori sede',
    'fuori ufficio',
    'automatisch antwoord',
    'afwezig',
    'resposta automática',
    'automatyczna odpowiedź',
    'poza biurem',
    'autosvar',
    'frånvaro',
    'fravær',
    'automaattinen vastaus',
    'automatická odpověď',
    'automatikus válasz',
    'otomatik yanıt',
    'автоответ',
    'автоматический ответ',
    'автоматична відповідь',
    '自动回复',
    '自動回覆',
    '自動返信',
    '자동 응답',
    'رد آلي',
  ].join('|'),
  'i',
);

export interface AutoReplySignals {
  headers: Headers;
  subject: string;
  /** The envelope sender (MAIL FROM); `''` is the null sender `<>`. */
  envelopeFrom?: string | undefined;
}

/**
 * Whether a message was written by a machine answering ours (RFC 3834 and vendor headers, a
 * null sender, an out-of-office subject). `Precedence: bulk` or `list` alone is how mailing lists
 * relay a person's reply, so it does not make a message automatic.
 */
export function isAutoReply({ headers, subject, envelopeFrom }: AutoReplySignals): boolean {
  const submitted = header(headers, 'auto-submitted');
  if (submitted && submitted !== 'no') return true;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-ms-exchange-inbox-rules-loop']) {
    if (header(headers, name) !== undefined) return true;
  }
  const suppress = header(headers, 'x-auto-response-suppress');
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress)) return true;
  if (/autorespon|auto-?reply|out of office/.test(header(headers, 'x-post-messageclass') ?? '')) return true;
  if (header(headers, 'precedence') === 'auto_reply') return true;
  const returnPath = header(headers, 'return-path');
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath)) return true;
  if (envelopeFrom === '') return true;
  return OUT_OF_OFFICE_SUBJECT.test(subject);
}

/** A delivery report that arrived somewhere other than a bounce address (a reply address, say). */
export function looksLikeDeliveryReport(mail: ParsedMail, envelopeFrom?: string): boolean {
  const type = header(mail.headers, 'content-type');
  const params =
    (mail.headers.get('content-type') as { params?: Record<string, string> } | undefined)?.params ?? {};
  if (type === 'multipart/report' && /delivery-status/i.test(params['report-type'] ?? '')) return true;
  const from = (mail.from?.value[0]?.address ?? '').toLowerCase();
  const daemon = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/.test(from) || from === '';
  const subject = mail.subject ?? '';
  const bounceSubject =
    /undeliver|delivery (status )?notification|failure notice|returned mail|delivery fail|mail delivery|could not be delivered|delivery has failed|nondeliverable|non-delivery/i.test(
      subject,
    );
  return bounceSubject && (daemon || envelopeFrom === '');
}
