import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { tempDir } from './../helper.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/docket.js');
const SECRET = 'cli-test-secret-cli-test-secret-0123456789';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Each test gets its own folder and database file. */
function freshDatabase() {
  const dir = tempDir('docket-cli-');
  dirs.push(dir);
  return { dir, databasePath: join(dir, 'docket.db') };
}

async function appOn(databasePath: string) {
  const app = await buildApp(
    loadConfig({ DATABASE_PATH: databasePath, SESSION_SECRET: SECRET, LOG_LEVEL: 'silent' }),
    {
      logger: false,
    },
  );
  await app.ready();
  return app;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `docket` command in the database's folder (so no stray .env is read). */
async function docket(
  { dir, databasePath }: { dir: string; databasePath: string },
  ...args: string[]
): Promise<Outcome> {
  const env = {
    ...process.env,
    DATABASE_PATH: databasePath,
    SESSION_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://docket.test',
    SMTP_URL: '',
    NODE_ENV: 'production',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: dir,
      env,
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout: string; stderr: string };
    return {
      code: typeof failure.code === 'number' ? failure.code : -1,
      stdout: failure.stdout,
      stderr: failure.stderr,
    };
  }
}

function query<T>(databasePath: string, sql: string): T[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const HEADER =
  'name,country,sector,ticker,isin,website,jurisdiction,contact_name,contact_function,contact_email';

describe('the docket command', { timeout: 60_000 }, () => {
  it('migrate creates the database', async () => {
    const db = freshDatabase();
    const { databasePath } = db;
    const result = await docket(db, 'migrate');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Database ${databasePath} is up to date.`);
    const tables = query<{ name: string }>(
      databasePath,
      "SELECT name FROM sqlite_master WHERE type = 'table'",
    ).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'companies', 'company_contacts', 'outbox']));
  });

  it('user add creates a user with a password, or prints a setup link without one; bad input fails with a reason', async () => {
    const db = freshDatabase();
    const [withPassword, withoutPassword, badRole, noEmail, shortPassword] = await Promise.all([
      docket(
        db,
        'user',
        'add',
        '--email',
        'ada@example.org',
        '--name',
        'Ada Admin',
        '--role',
        'admin',
        '--password',
        'a long enough password',
      ),
      docket(db, 'user', 'add', '--email', 'sam@example.org', '--name', 'Sam Staff', '--role', 'staff'),
      docket(db, 'user', 'add', '--email', 'bad@example.org', '--name', 'Bad', '--role', 'boss'),
      docket(db, 'user', 'add', '--name', 'No Email', '--role', 'member'),
      docket(
        db,
        'user',
        'add',
        '--email',
        'short@example.org',
        '--name',
        'Short',
        '--role',
        'member',
        '--password',
        'short',
      ),
    ]);
    expect(withPassword.code).toBe(0);
    expect(withPassword.stdout).toContain('Created admin ada@example.org');
    expect(withoutPassword.code, withoutPassword.stderr).toBe(0);
    expect(withoutPassword.stdout.trim().split('\n').at(-1)).toMatch(
      /^http:\/\/docket\.test\/setup\/[\w-]{20,}$/,
    );

    for (const [result, reason] of [
      [badRole, /--role must be one of member, staff, coordinator, admin/],
      [noEmail, /--email is required/],
      [shortPassword, /password: must be at least 10 characters/],
    ] as const) {
      expect(result.code).not.toBe(0);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^docket: /);
      expect(lines[0]).toMatch(reason);
    }

    const users = query<{ email: string; role: string }>(
      db.databasePath,
      'SELECT email, role FROM users ORDER BY email',
    );
    expect(users).toEqual([{ email: 'ada@example.org', role: 'admin' }]);
    expect(
      query<{ role: string; email: string }>(db.databasePath, 'SELECT role, email FROM invitations'),
    ).toEqual([{ role: 'staff', email: 'sam@example.org' }]);
  });

  it('token create prints the token as the last line, and it works as a Bearer token', async () => {
    const db = freshDatabase();
    const setup = await appOn(db.databasePath);
    await setup.services.auth.createUser(
      { email: 'ada@example.org', name: 'Ada Admin', role: 'admin', password: 'a long enough password' },
      { userId: null, label: 'test' },
    );
    await setup.close();
    const [created, unknown, missing, badCommand] = await Promise.all([
      docket(db, 'token', 'create', '--email', 'ada@example.org', '--name', 'ci'),
      docket(db, 'token', 'create', '--email', 'nobody@example.org'),
      docket(db, 'token', 'create'),
      docket(db, 'frobnicate'),
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^dkt_[\w-]{30,}$/);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toBe('docket: no user with email nobody@example.org');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe('docket: --email is required');
    expect(badCommand.code).not.toBe(0);
    expect(badCommand.stderr).toMatch(/^docket: unknown command "frobnicate"/);

    const app = await appOn(db.databasePath);
    try {
      const me = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ email: 'ada@example.org', role: 'admin' });
      const wrong = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}x` } });
      expect(wrong.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it("token list shows a user's tokens without their secret; token revoke stops one at once", async () => {
    const db = freshDatabase();
    const setup = await appOn(db.databasePath);
    await setup.services.auth.createUser(
      { email: 'bo@example.org', name: 'Bo Staff', role: 'staff', password: 'a long enough password' },
      { userId: null, label: 'test' },
    );
    await setup.close();
    const created = await docket(
      db,
      'token',
      'create',
      '--email',
      'bo@example.org',
      '--name',
      'nightly',
      '--expires',
      '2099-01-01',
    );
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;
    const listed = await docket(db, 'token', 'list', '--email', 'bo@example.org');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^#(\d+) {2}active {2}"nightly" {2}created \S+ {2}last used never {2}expires 2099-01-01T23:59:59\.999Z$/m,
    );
    expect(listed.stdout).not.toContain(token);
    const id = /^#(\d+)/m.exec(listed.stdout)![1]!;
    const [revoked, unknown, badId] = await Promise.all([
      docket(db, 'token', 'revoke', id),
      docket(db, 'token', 'revoke', '999'),
      docket(db, 'token', 'revoke', 'abc'),
    ]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API token #${id}`);
    expect(unknown.stderr.trim()).toBe('docket: no API token #999');
    expect(badId.code).not.toBe(0);
    expect((await docket(db, 'token', 'list', '--email', 'bo@example.org')).stdout).toMatch(
      / {2}revoked {2}"nightly"/,
    );
    const app = await appOn(db.databasePath);
    try {
      const me = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('import companies reports bad rows as `line N: field: message` and imports nothing; --skip-bad imports the good rows', async () => {
    const db = freshDatabase();
    const file = join(db.dir, 'companies.csv');
    writeFileSync(
      file,
      [
        HEADER,
        'Good Co,GB,Energy,,,,,,ir,ir@good.example',
        ',GB,,,,,,,,',
        'Bad Contact,GB,,,,,,Bob,boss,bob@bad.example',
        '"Comma, Inc",US,,,,,,,,',
      ].join('\n'),
    );
    const strict = await docket(db, 'import', 'companies', file);
    expect(strict.code).not.toBe(0);
    const lines = strict.stderr.trim().split('\n');
    expect(lines.slice(0, -1)).toEqual([
      'line 3: name: must not be empty',
      "line 4: contact_function: 'boss' is not a contact function; use one of ir, secretary, sustainability, legal, board, other (blank means other)",
    ]);
    expect(lines.at(-1)).toMatch(/^docket: 2 problem\(s\) in .*companies\.csv; nothing was imported/);
    expect(query(db.databasePath, 'SELECT id FROM companies')).toEqual([]);

    const lenient = await docket(db, 'import', 'companies', file, '--skip-bad');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('Imported 2 companies with 1 contacts from 4 rows');
    expect(lenient.stderr).toContain('line 3: name:');
    expect(query<{ name: string }>(db.databasePath, 'SELECT name FROM companies ORDER BY name')).toEqual([
      { name: 'Comma, Inc' },
      { name: 'Good Co' },
    ]);

    const missingFile = await docket(db, 'import', 'companies', join(db.dir, 'nope.csv'));
    expect(missingFile.code).not.toBe(0);
    expect(missingFile.stderr.trim()).toMatch(/^docket: file .*nope\.csv does not exist$/);
  });

  it('inbound FILE.eml receives one message into the inbox, once', async () => {
    const db = freshDatabase();
    const app = await appOn(db.databasePath);
    await app.close();
    const file = join(db.dir, 'reply.eml');
    writeFileSync(
      file,
      'From: ir@example.com\r\nTo: someone@localhost\r\nSubject: Saved reply\r\nMessage-ID: <saved@example.com>\r\n\r\nOur answer.\r\n',
    );
    const first = await docket(db, 'inbound', file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Inbound message \d+: no dispatch matched/);
    const again = await docket(db, 'inbound', file);
    expect(again.stdout).toContain('already received earlier');
    expect(
      query<{ subject: string }>(
        db.databasePath,
        'SELECT subject FROM inbound_messages WHERE dispatch_id IS NULL',
      ),
    ).toEqual([{ subject: 'Saved reply' }]);
    const missing = await docket(db, 'inbound');
    expect(missing.stderr.trim()).toBe('docket: give the message file: docket inbound FILE.eml');
  });

  it('mail import reads one .eml, a folder of them and an mbox export, each message once', async () => {
    const db = freshDatabase();
    const app = await appOn(db.databasePath);
    await app.close();
    const message = (n: number) =>
      `From: ir${n}@example.com\r\nTo: someone@localhost\r\nSubject: Saved ${n}\r\nMessage-ID: <saved-${n}@example.com>\r\n\r\nAnswer ${n}.\r\nFrom the board.\r\n`;
    const folder = join(db.dir, 'saved');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.eml'), message(1));
    writeFileSync(join(folder, 'b.eml'), message(2));
    writeFileSync(join(folder, 'notes.pdf'), 'not mail');
    const mbox = join(db.dir, 'export.mbox');
    writeFileSync(
      mbox,
      `From ir3@example.com Mon Mar  2 09:00:00 2026\n${message(3).replace(/\r\n/g, '\n').replace('From the board.', '>From the board.')}\nFrom ir4@example.com Mon Mar  2 09:01:00 2026\n${message(4).replace(/\r\n/g, '\n')}`,
    );
    const fromFolder = await docket(db, 'mail', 'import', folder);
    expect(fromFolder.code, fromFolder.stderr).toBe(0);
    expect(fromFolder.stdout.trim()).toBe('Imported 2 messages (2 unmatched).');
    const fromMbox = await docket(db, 'mail', 'import', mbox);
    expect(fromMbox.stdout.trim()).toBe('Imported 2 messages (2 unmatched).');
    const again = await docket(db, 'mail', 'import', join(folder, 'a.eml'));
    expect(again.stdout.trim()).toBe('Imported 1 messages (1 duplicate).');
    const rows = query<{ subject: string; text: string }>(
      db.databasePath,
      'SELECT subject, text FROM inbound_messages ORDER BY subject',
    );
    expect(rows.map((r) => r.subject)).toEqual(['Saved 1', 'Saved 2', 'Saved 3', 'Saved 4']);
    expect(rows[2]!.text).toContain('From the board.');
    expect(rows[2]!.text).not.toContain('>From');
    const missing = await docket(db, 'mail', 'import', join(db.dir, 'nowhere'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe(`docket: ${join(db.dir, 'nowhere')} does not exist`);
  }, 60_000);

  it('backup writes a consistent copy that opens on its own, and refuses to overwrite a file', async () => {
    const db = freshDatabase();
    const app = await appOn(db.databasePath);
    app.services.companies.create({ name: 'Kept Co', country: 'GB' }, { userId: null, label: 'test' });
    const target = join(db.dir, 'copy.db');
    const backup = await docket(db, 'backup', target);
    await app.close();
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`to ${target}`);
    expect(query<{ name: string }>(target, 'SELECT name FROM companies')).toEqual([{ name: 'Kept Co' }]);
    const again = await docket(db, 'backup', target);
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim()).toMatch(/^docket: .*copy\.db already exists; choose a new file name$/);
    const missing = await docket(db, 'backup');
    expect(missing.stderr.trim()).toBe('docket: give the backup file: docket backup FILE');
  });
});
