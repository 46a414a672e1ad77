import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { ConfigError, loadConfig } from './config.js';
import { ROLES, type Role } from './domain/vocabulary.js';
import { AppError } from './errors.js';
import { isCalendarDate, isInstant } from './lib/calendar-dates.js';
import { isEmailAddress } from './lib/email-address.js';

// The app, the jobs and the demo data are imported by the commands that use them, so a command
// like `migrate` starts without loading the web app's whole module graph.
type App = Awaited<ReturnType<typeof import('./app.js').buildApp>>;

const USAGE = `Usage: docket <command>

  serve                                   migrate, then serve the web app and run scheduled jobs
  migrate                                 apply database migrations and exit
  seed-demo                               load the demo data set into an empty database
  user add --email E --name N --role R [--password P]
                                          create a user (without --password: print a one-time setup link)
  token create --email E [--name N] [--expires YYYY-MM-DD]  print a new API token for that user (last line of output)
  token list --email E                    list that user's API tokens (id, status, name, created, last used, expiry)
  token revoke ID                         revoke one API token at once
  import companies FILE.csv [--skip-bad]  import companies and contacts from CSV
  jobs run [--now ISO-8601]               run every due job once, as if it were --now, then exit
  inbound FILE.eml                        receive one email as if it came to the inbound SMTP listener
  mail import PATH                        receive saved mail: one .eml, a folder of them, or an mbox export
  backup FILE                             write a consistent copy of the database to FILE`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') fail(`--${name} is required`);
  return value.trim();
}

async function withApp<T>(work: (app: App) => Promise<T>, now?: string): Promise<T> {
  const config = loadConfig();
  const { buildApp } = await import('./app.js');
  const { fixedClock } = await import('./lib/clock.js');
  const app = await buildApp(config, { logger: false, ...(now ? { clock: fixedClock(now) } : {}) });
  try {
    await app.ready();
    return await work(app);
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { serveInWorker } = await import('./serve-in-worker.js');
      process.exitCode = await serveInWorker(loadConfig());
      return;
    }
    case 'migrate': {
      const config = loadConfig();
      const db = openDatabase(config.databasePath);
      migrateDatabase(db);
      db.$client.close();
      console.log(`Database ${config.databasePath} is up to date.`);
      return;
    }
    case 'seed-demo': {
      if (sub !== undefined) fail('seed-demo takes no arguments');
      const { seedDemo } = await import('./services/demo-seed-service.js');
      await withApp(async (app) => {
        // Dated relative to today, so that the demo has work due this week and some overdue.
        const s = seedDemo({ repos: app.repos, config: app.config, clock: app.clock });
        console.log(
          `Loaded demo data: ${s.organizations} organizations, ${s.companies} companies, ${s.campaigns} campaign, ` +
            `${s.letters} letters, ${s.dispatches} dispatches, ${s.responses} responses.`,
        );
        console.log(`Once logged in, open ${app.config.baseUrl}/campaigns/${s.campaignId} to see its board.`);
      });
      return;
    }
    case 'user': {
      if (sub !== 'add') fail(`unknown command "user ${sub ?? ''}"; try "user add"`);
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
          password: { type: 'string' },
        },
      });
      const email = required(values, 'email');
      const name = required(values, 'name');
      const role = required(values, 'role');
      if (!isEmailAddress(email)) fail(`--email "${email}" is not a valid email address`);
      if (!(ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      await withApp(async (app) => {
        const result = await app.services.auth.createUser(
          { email, name, role: role as Role, password: values.password },
          { userId: null, label: 'command line' },
        );
        if (result.user)
          console.log(`Created ${role} ${email}. They can log in at ${app.config.baseUrl}/login`);
        else
          console.log(
            `Created an invitation for ${email}. One-time setup link (valid 7 days):\n${result.setupUrl}`,
          );
      });
      return;
    }
    case 'token': {
      const cliActor = { userId: null, label: 'command line' };
      if (sub === 'create') {
        const { values } = parseArgs({
          args: rest,
          options: { email: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
        });
        const email = required(values, 'email');
        if (values.expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.expires))
          fail('--expires must be a date (YYYY-MM-DD)');
        await withApp(async (app) => {
          const user = app.repos.users.findByEmail(email);
          if (!user) fail(`no user with email ${email}`);
          if (!user.active) fail(`user ${email} is deactivated`);
          const created = app.services.apiTokens.create(
            user,
            {
              name: values.name?.trim() || 'command line',
              expiresAt: values.expires ? `${values.expires}T23:59:59.999Z` : null,
            },
            cliActor,
          );
          console.log(`API token for ${user.email} (${user.role}). It is shown once; store it safely:`);
          console.log(created.token);
        });
        return;
      }
      if (sub === 'list') {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } } });
        const email = required(values, 'email');
        await withApp(async (app) => {
          const user = app.repos.users.findByEmail(email);
          if (!user) fail(`no user with email ${email}`);
          const tokens = app.services.apiTokens.list(user.id);
          if (!tokens.length) console.log(`${email} has no API tokens.`);
          for (const t of tokens) {
            console.log(
              [
                `#${t.id}`,
                t.status,
                JSON.stringify(t.name),
                `created ${t.createdAt}`,
                `last used ${t.lastUsedAt ?? 'never'}`,
                `expires ${t.expiresAt ?? 'never'}`,
              ].join('  '),
            );
          }
        });
        return;
      }
      if (sub === 'revoke') {
        const { positionals } = parseArgs({ args: rest, allowPositionals: true });
        const id = Number(positionals[0]);
        if (!Number.isInteger(id) || id < 1)
          fail('give the token id: docket token revoke ID (see docket token list)');
        await withApp(async (app) => {
          const row = app.repos.apiTokens.findById(id);
          if (!row) fail(`no API token #${id}`);
          const owner = app.repos.users.findById(row.userId)!;
          // The command line acts with an admin's reach, as the user's own revocation would.
          const revoked = app.services.apiTokens.revoke(id, { ...owner, role: 'admin' }, cliActor);
          console.log(
            `Revoked API token #${revoked.id} (${JSON.stringify(revoked.name)}) of ${owner.email}.`,
          );
        });
        return;
      }
      return fail(`unknown command "token ${sub ?? ''}"; try "token create", "token list" or "token revoke"`);
    }
    case 'import': {
      if (sub !== 'companies') fail(`unknown command "import ${sub ?? ''}"; try "import companies FILE.csv"`);
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { 'skip-bad': { type: 'boolean', default: false } },
      });
      const file = positionals[0];
      if (!file) fail('give the CSV file: docket import companies FILE.csv');
      if (!existsSync(file)) fail(`file ${file} does not exist`);
      const csv = readFileSync(file, 'utf8');
      await withApp(async (app) => {
        const report = app.services.companyImport.importCsv(csv, {
          skipBad: values['skip-bad'] ?? false,
          actor: { userId: null, label: 'csv import' },
        });
        for (const problem of report.problems) {
          console.error(`line ${problem.line}: ${problem.field}: ${problem.message}`);
        }
        if (report.aborted) {
          fail(
            `${report.problems.length} problem(s) in ${file}; nothing was imported (fix them, or use --skip-bad to import the good rows)`,
          );
        }
        console.log(
          `Imported ${report.companiesImported} companies with ${report.contactsImported} contacts from ${report.rowsRead} rows` +
            (report.problems.length ? `; skipped ${report.problems.length} problem(s) listed above.` : '.'),
        );
      });
      return;
    }
    case 'jobs': {
      if (sub !== 'run') fail(`unknown command "jobs ${sub ?? ''}"; try "jobs run"`);
      const { values } = parseArgs({ args: rest, options: { now: { type: 'string' } } });
      if (values.now !== undefined && !(isInstant(values.now) || isCalendarDate(values.now)))
        fail(`--now "${values.now}" is not an ISO-8601 time`);
      const { runDueJobs, summarizeDueJobs } = await import('./jobs/run-due-jobs.js');
      await withApp(async (app) => {
        const result = await runDueJobs(app, app.clock.now());
        for (const line of summarizeDueJobs(result)) console.log(line);
      }, values.now);
      return;
    }
    case 'inbound': {
      const file = sub;
      if (!file) fail('give the message file: docket inbound FILE.eml');
      if (!existsSync(file)) fail(`file ${file} does not exist`);
      const raw = readFileSync(file);
      await withApp(async (app) => {
        const outcome = await app.services.inbound.receive(raw);
        const where =
          outcome.status === 'matched'
            ? `filed as ${outcome.kind.replace('_', ' ')} ${outcome.responseId} on dispatch ${outcome.dispatchId}, to review`
            : outcome.status === 'duplicate'
              ? 'already received earlier (same Message-ID); nothing changed'
              : outcome.status === 'bounce'
                ? 'a delivery report about an email to a person; recorded'
                : outcome.status === 'abuse_report'
                  ? 'an abuse report; kept apart and coordinators told'
                  : 'no dispatch matched; it is in the inbox (/inbox) to assign';
        console.log(`Inbound message ${outcome.inboundMessageId}: ${where}.`);
      });
      return;
    }
    case 'mail': {
      if (sub !== 'import') fail('unknown mail command; use: docket mail import PATH');
      const path = rest[0];
      if (!path) fail('give the file or folder: docket mail import PATH');
      if (!existsSync(path)) fail(`${path} does not exist`);
      const { readSavedMail } = await import('./lib/saved-mail.js');
      await withApp(async (app) => {
        const counts = new Map<string, number>();
        let failed = 0;
        for (const { name, raw } of readSavedMail(path)) {
          try {
            const outcome = await app.services.inbound.receive(raw);
            counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
          } catch (error) {
            failed++;
            console.error(`${name}: ${(error as Error).message}`);
          }
        }
        const summary = [...counts].map(([status, n]) => `${n} ${status.replace('_', ' ')}`).join(', ');
        console.log(
          `Imported ${[...counts.values()].reduce((a, b) => a + b, 0)} messages${summary ? ` (${summary})` : ''}${failed ? `; ${failed} could not be read` : ''}.`,
        );
        if (failed) process.exitCode = 1;
      });
      return;
    }
    case 'backup': {
      const target = sub;
      if (!target) fail('give the backup file: docket backup FILE');
      if (existsSync(target)) fail(`${target} already exists; choose a new file name`);
      const config = loadConfig();
      const db = openDatabase(config.databasePath);
      migrateDatabase(db);
      await db.$client.backup(target);
      db.$client.close();
      console.log(`Backed up ${config.databasePath} to ${target}.`);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      fail(`unknown command "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof AppError || error instanceof ConfigError) {
    console.error(`docket: ${error.message}`);
  } else if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`docket: ${(error as Error).message}`);
  } else {
    console.error(`docket: ${(error as Error).stack ?? error}`);
  }
  process.exit(1);
});
