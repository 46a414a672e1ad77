import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvironment } from '../../server/config.js';
import { tempDir } from '../helper.js';

const dirs: string[] = [];
function scratch(): string {
  const dir = tempDir('docket-config-');
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('loadConfig accepted a bad environment');
}

const SECRET = 'a-session-secret-of-at-least-32-characters';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const dir = scratch();
    const config = loadConfig({ DATABASE_PATH: join(dir, 'docket.db'), SESSION_SECRET: SECRET });
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      baseUrl: 'http://127.0.0.1:3000',
      timezone: 'UTC',
      logLevel: 'info',
      smtpUrl: undefined,
      mailDomain: 'localhost',
      dataDir: dir,
      mailDir: join(dir, 'mail'),
      sessionSecret: SECRET,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('converts numbers and trims a trailing slash from BASE_URL', () => {
    const dir = scratch();
    const config = loadConfig({
      DATABASE_PATH: join(dir, 'docket.db'),
      SESSION_SECRET: SECRET,
      PORT: '8080',
      BASE_URL: 'https://docket.example.org/',
      TIMEZONE: 'Europe/Berlin',
      LOG_LEVEL: 'warn',
      SMTP_URL: 'smtps://user:pw@smtp.example.org:465',
    });
    expect(config).toMatchObject({
      port: 8080,
      baseUrl: 'https://docket.example.org',
      timezone: 'Europe/Berlin',
      logLevel: 'warn',
      smtpUrl: 'smtps://user:pw@smtp.example.org:465',
    });
  });

  it('names every bad key in one error', () => {
    const dir = scratch();
    const problems = problemsOf({
      DATABASE_PATH: join(dir, 'docket.db'),
      SESSION_SECRET: SECRET,
      PORT: 'abc',
      TIMEZONE: 'Mars/Base',
      LOG_LEVEL: 'loud',
      SMTP_URL: 'http:/x',
    });
    const keys = problems.map((p) => p.split(' ')[0]);
    expect(keys.sort()).toEqual(['LOG_LEVEL', 'PORT', 'SMTP_URL', 'TIMEZONE']);
    expect(problems.find((p) => p.startsWith('PORT'))).toContain('"abc"');
    expect(problems.find((p) => p.startsWith('TIMEZONE'))).toContain('Mars/Base');
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toContain('loud');
    let message = '';
    try {
      loadConfig({
        DATABASE_PATH: join(dir, 'docket.db'),
        SESSION_SECRET: SECRET,
        PORT: 'abc',
        LOG_LEVEL: 'loud',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/LOG_LEVEL/);
  });

  it('names every bad key even when there are many', () => {
    const dir = scratch();
    const problems = problemsOf({
      DATABASE_PATH: join(dir, 'docket.db'),
      PORT: 'abc',
      BASE_URL: 'ftp://docket.example.org',
      SESSION_SECRET: 'short',
      SMTP_URL: 'http:/x',
      MAIL_FROM: 'x',
      MAIL_DOMAIN: 'bad domain!',
      INBOUND_SMTP_PORT: '99999',
      TIMEZONE: 'Mars/Base',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'BASE_URL',
      'INBOUND_SMTP_PORT',
      'LOG_LEVEL',
      'MAIL_DOMAIN',
      'MAIL_FROM',
      'PORT',
      'SESSION_SECRET',
      'SMTP_URL',
      'TIMEZONE',
    ]);
  });

  it.each([
    ['http:/x'],
    ['smtp://'],
    ['smtp:// not a host'],
    ['smtp://smtp.example.org:notaport'],
    ['mail.example.org'],
  ])('refuses the malformed SMTP_URL %j', (smtpUrl) => {
    const dir = scratch();
    const problems = problemsOf({
      DATABASE_PATH: join(dir, 'docket.db'),
      SESSION_SECRET: SECRET,
      SMTP_URL: smtpUrl,
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SMTP_URL /);
  });

  it('refuses out-of-range ports, a short secret and a bad BASE_URL', () => {
    const dir = scratch();
    const problems = problemsOf({
      DATABASE_PATH: join(dir, 'docket.db'),
      SESSION_SECRET: 'short',
      PORT: '70000',
      INBOUND_SMTP_PORT: '-1',
      BASE_URL: 'docket.example.org',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'BASE_URL',
      'INBOUND_SMTP_PORT',
      'PORT',
      'SESSION_SECRET',
    ]);
  });

  it('treats an empty value as unset', () => {
    const dir = scratch();
    const config = loadConfig({
      DATABASE_PATH: join(dir, 'docket.db'),
      SESSION_SECRET: SECRET,
      PORT: '',
      SMTP_URL: '',
    });
    expect(config.port).toBe(3000);
    expect(config.smtpUrl).toBeUndefined();
  });

  it('generates SESSION_SECRET into the data folder when unset and reuses it on the next load', () => {
    const dir = scratch();
    const databasePath = join(dir, 'nested', 'docket.db');
    const first = loadConfig({ DATABASE_PATH: databasePath });
    const file = join(dir, 'nested', 'session-secret');
    expect(existsSync(file)).toBe(true);
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.sessionSecret);
    expect(statSync(file).mode & 0o077).toBe(0);
    const second = loadConfig({ DATABASE_PATH: databasePath });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    const other = loadConfig({ DATABASE_PATH: join(scratch(), 'docket.db') });
    expect(other.sessionSecret).not.toBe(first.sessionSecret);
  });

  it('does not write a secret file when SESSION_SECRET is set', () => {
    const dir = scratch();
    loadConfig({ DATABASE_PATH: join(dir, 'docket.db'), SESSION_SECRET: SECRET });
    expect(existsSync(join(dir, 'session-secret'))).toBe(false);
  });
});

describe('readEnvironment', () => {
  it('reads .env from the working folder, strips quotes and ignores comments', () => {
    const dir = scratch();
    writeFileSync(
      join(dir, '.env'),
      [
        '# a comment',
        'DOCKET_TEST_PLAIN=plain value',
        'DOCKET_TEST_DOUBLE="double quoted"',
        "DOCKET_TEST_SINGLE='single quoted'",
        '  DOCKET_TEST_SPACED = spaced  ',
        '',
        'DOCKET_TEST_CRLF=crlf\r',
      ].join('\n'),
    );
    const env = readEnvironment(dir);
    expect(env.DOCKET_TEST_PLAIN).toBe('plain value');
    expect(env.DOCKET_TEST_DOUBLE).toBe('double quoted');
    expect(env.DOCKET_TEST_SINGLE).toBe('single quoted');
    expect(env.DOCKET_TEST_SPACED).toBe('spaced');
    expect(env.DOCKET_TEST_CRLF).toBe('crlf');
    expect(Object.keys(env).some((k) => k.startsWith('#'))).toBe(false);
  });

  it('lets the real environment win over .env', () => {
    const dir = scratch();
    writeFileSync(join(dir, '.env'), 'DOCKET_TEST_WINNER=from-file\nDOCKET_TEST_FILE_ONLY=file\n');
    process.env.DOCKET_TEST_WINNER = 'from-process';
    try {
      const env = readEnvironment(dir);
      expect(env.DOCKET_TEST_WINNER).toBe('from-process');
      expect(env.DOCKET_TEST_FILE_ONLY).toBe('file');
    } finally {
      delete process.env.DOCKET_TEST_WINNER;
    }
  });

  it('works without a .env file', () => {
    const env = readEnvironment(scratch());
    expect(env.PATH).toBe(process.env.PATH);
  });

  it('feeds loadConfig: .env values are validated like the real environment', () => {
    const dir = scratch();
    writeFileSync(join(dir, '.env'), `DATABASE_PATH=${join(dir, 'docket.db')}\nDOCKET_TEST_PORT=4321\n`);
    const env = readEnvironment(dir);
    expect(
      loadConfig({ DATABASE_PATH: env.DATABASE_PATH, PORT: env.DOCKET_TEST_PORT, SESSION_SECRET: SECRET }),
    ).toMatchObject({
      port: 4321,
      databasePath: join(dir, 'docket.db'),
    });
    // Node's dotenv parser (util.parseEnv) strips an inline comment, as dotenv does.
    writeFileSync(join(dir, '.env'), 'DOCKET_TEST_PORT=4321 # the port\n');
    expect(readEnvironment(dir).DOCKET_TEST_PORT).toBe('4321');
    writeFileSync(join(dir, '.env'), 'DOCKET_TEST_PORT=forty-two\n');
    expect(() =>
      loadConfig({ DATABASE_PATH: join(dir, 'docket.db'), PORT: readEnvironment(dir).DOCKET_TEST_PORT }),
    ).toThrow(/PORT/);
  });
});
