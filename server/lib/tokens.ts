import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens are stored only as this digest, so a database copy cannot be used to log in. */
export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `payload.signature`, for links that must not be forged (sign-on, unsubscribe). */
export function signValue(secret: string, payload: string): string {
  const signature = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

export function verifySignedValue(secret: string, signed: string): string | undefined {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const payload = signed.slice(0, dot);
  const expected = Buffer.from(signValue(secret, payload).slice(dot + 1));
  const given = Buffer.from(signed.slice(dot + 1));
  return expected.length === given.length && timingSafeEqual(expected, given) ? payload : undefined;
}
