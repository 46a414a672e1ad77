import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { allErrors } from './lib/validate.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+' })),
  DATABASE_PATH: Type.String({ minLength: 1, default: './data/docket.db' }),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ minLength: 3, default: 'Docket <docket@localhost>' }),
  MAIL_DOMAIN: Type.String({ pattern: '^[A-Za-z0-9.-]+$', default: 'localhost' }),
  INBOUND_SMTP_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  IMAP_URL: Type.Optional(Type.String({ pattern: '^imaps?://[^\\s/@]+@[^\\s/]+' })),
  IMAP_POLL_SECONDS: Type.Integer({ minimum: 10, maximum: 86_400, default: 60 }),
  INBOUND_UNMATCHED_QUOTA_MB: Type.Integer({ minimum: 1, maximum: 100_000, default: 200 }),
  TIMEZONE: Type.String({ minLength: 1, default: 'UTC' }),
  LOG_LEVEL: Type.String({ default: 'info' }),
  NODE_ENV: Type.String({ default: 'production' }),
  SEND_HOLD_MINUTES: Type.Integer({ minimum: 0, maximum: 1440, default: 10 }),
  SERVER_HEAP_MB: Type.Integer({ minimum: 64, maximum: 65_536, default: 256 }),
  TRUST_PROXY: Type.Optional(Type.String()),
});
type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  baseUrl: string;
  databasePath: string;
  dataDir: string;
  sessionSecret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailDomain: string;
  mailDir: string;
  inboundSmtpPort: number | undefined;
  inboundUnmatchedQuotaMb: number;
  imapUrl: string | undefined;
  imapPollSeconds: number;
  timezone: string;
  logLevel: (typeof LOG_LEVELS)[number];
  development: boolean;
  /** How long a sent letter's emails wait in the outbox, during which the send can be undone. */
  sendHoldMinutes: number;
  /** The web server's JavaScript heap ceiling (`docket serve`), in MB. */
  serverHeapMb: number;
  /** Addresses of the reverse proxies whose X-Forwarded-* headers count; false: none. */
  trustProxy: string[] | false;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Reads `.env` (when present, parsed by Node's own dotenv parser) under the real environment, which wins. */
export function readEnvironment(cwd = process.cwd()): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

export function loadConfig(rawEnv: Record<string, string | undefined> = readEnvironment()): Config {
  const known = Object.keys(EnvSchema.properties);
  const input: Record<string, unknown> = {};
  for (const key of known) {
    const value = rawEnv[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const converted = Value.Default(EnvSchema, Value.Convert(EnvSchema, input));
  const problems = new Map<string, string>();
  for (const error of allErrors(EnvSchema, converted)) {
    const key = error.instancePath.replace(/^\//, '') || 'environment';
    if (!problems.has(key)) problems.set(key, `${key} ${error.message} (got ${JSON.stringify(input[key])})`);
  }
  const env = converted as Env;
  if (!problems.has('TIMEZONE') && !isTimeZone(env.TIMEZONE)) {
    problems.set('TIMEZONE', `TIMEZONE is not an IANA time zone (got ${JSON.stringify(env.TIMEZONE)})`);
  }
  if (!(LOG_LEVELS as readonly string[]).includes(env.LOG_LEVEL)) {
    problems.set(
      'LOG_LEVEL',
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(env.LOG_LEVEL)})`,
    );
  }
  for (const key of ['SMTP_URL', 'BASE_URL', 'IMAP_URL'] as const) {
    const value = env[key];
    if (value !== undefined && !problems.has(key) && !hasHostName(value)) {
      problems.set(key, `${key} is not a valid URL with a host name (got ${JSON.stringify(value)})`);
    }
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (trustProxy === undefined) {
    problems.set(
      'TRUST_PROXY',
      `TRUST_PROXY must list the proxies' IP addresses or CIDR ranges, comma-separated (got ${JSON.stringify(env.TRUST_PROXY)})`,
    );
  }
  if (problems.size > 0) throw new ConfigError([...problems.values()]);

  const databasePath = resolve(env.DATABASE_PATH);
  const dataDir = dirname(databasePath);
  return Object.freeze({
    port: env.PORT,
    host: env.HOST,
    baseUrl: (env.BASE_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
    databasePath,
    dataDir,
    sessionSecret: env.SESSION_SECRET ?? storedSessionSecret(dataDir),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    mailDomain: env.MAIL_DOMAIN,
    mailDir: join(dataDir, 'mail'),
    inboundSmtpPort: env.INBOUND_SMTP_PORT,
    inboundUnmatchedQuotaMb: env.INBOUND_UNMATCHED_QUOTA_MB,
    imapUrl: env.IMAP_URL,
    imapPollSeconds: env.IMAP_POLL_SECONDS,
    timezone: env.TIMEZONE,
    logLevel: env.LOG_LEVEL as Config['logLevel'],
    development: env.NODE_ENV === 'development',
    sendHoldMinutes: env.SEND_HOLD_MINUTES,
    serverHeapMb: env.SERVER_HEAP_MB,
    trustProxy: trustProxy ?? false,
  });
}

function hasHostName(value: string): boolean {
  return URL.canParse(value) && new URL(value).hostname !== '';
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function storedSessionSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** "10.0.0.1, 192.168.0.0/16" → the list; unset → false; anything else (a bare "true" too) → undefined. */
function parseTrustProxy(value: string | undefined): string[] | false | undefined {
  if (value === undefined) return false;
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const valid = (entry: string) => {
    if (PROXY_KEYWORDS.has(entry)) return true;
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (!family || rest.length) return false;
    if (bits === undefined) return true;
    return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  };
  return entries.length > 0 && entries.every(valid) ? entries : undefined;
}
