import { TooManyRequestsError } from '../errors.js';
import type { Clock } from '../lib/clock.js';

export const LOGIN_LIMITS = { perAccount: 5, perIp: 20, windowMs: 15 * 60_000 };
const MAX_TRACKED_KEYS = 100_000;

/**
 * Counts failed logins per account and, separately, per client address, over a sliding window:
 * guessing one account's password and trying one password on many accounts both stop. Only
 * failures count; a success clears its account's count (not the address's). Kept in memory:
 * a restart forgets, which costs an attacker a restart they cannot cause.
 */
export function createLoginThrottle({
  clock,
  limits = LOGIN_LIMITS,
}: {
  clock: Clock;
  limits?: typeof LOGIN_LIMITS;
}) {
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const since = clock.now().getTime() - limits.windowMs;
    const times = (failures.get(key) ?? []).filter((t) => t > since);
    if (times.length) failures.set(key, times);
    else failures.delete(key);
    return times;
  };
  const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
  const ipKey = (ip: string) => `ip:${ip}`;

  function prune() {
    if (failures.size < MAX_TRACKED_KEYS) return;
    for (const key of [...failures.keys()]) recent(key);
    // Still full of fresh keys (a flood): forget the oldest half rather than grow without bound.
    if (failures.size >= MAX_TRACKED_KEYS)
      for (const key of [...failures.keys()].slice(0, MAX_TRACKED_KEYS / 2)) failures.delete(key);
  }

  return {
    /** Throws 429 when the account or the address has failed too often lately. */
    assertAllowed(email: string, ip: string): void {
      if (recent(accountKey(email)).length >= limits.perAccount || recent(ipKey(ip)).length >= limits.perIp) {
        throw new TooManyRequestsError('Too many attempts. Wait 15 minutes and try again.');
      }
    },
    recordFailure(email: string, ip: string): void {
      prune();
      const now = clock.now().getTime();
      for (const key of [accountKey(email), ipKey(ip)]) failures.set(key, [...recent(key), now]);
    },
    recordSuccess(email: string): void {
      failures.delete(accountKey(email));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
