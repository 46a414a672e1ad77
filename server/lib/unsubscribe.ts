import { signValue, verifySignedValue } from './tokens.js';

export const MAILING_LISTS = ['reminders', 'digest'] as const;
export type MailingList = (typeof MAILING_LISTS)[number];

/** A link token that names one person and one kind of email, signed so it cannot be altered. */
export function unsubscribeToken(secret: string, userId: number, list: MailingList): string {
  return signValue(secret, `unsub.${userId}.${list}`);
}

export function readUnsubscribeToken(
  secret: string,
  token: string,
): { userId: number; list: MailingList } | undefined {
  const payload = verifySignedValue(secret, token);
  const match = payload ? /^unsub\.(\d+)\.(reminders|digest)$/.exec(payload) : null;
  if (!match) return undefined;
  return { userId: Number(match[1]), list: match[2] as MailingList };
}

/** RFC 2369 and RFC 8058 headers: mail clients show an unsubscribe button that POSTs to `url`. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
