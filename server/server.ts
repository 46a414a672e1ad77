import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { InboundSmtp } from './jobs/inbound-mail.js';
import { runDueJobsInWorker } from './jobs/run-due-jobs.js';
import { startJobScheduler } from './jobs/scheduler.js';

export async function startServer(config: Config) {
  const app = await buildApp(config);
  // Jobs stop (and the lease is released) before the database closes.
  const scheduler = startJobScheduler(
    { clock: app.clock, leases: app.repos.jobLeases, jobs: app.jobs, log: app.log },
    { fullRun: (now) => runDueJobsInWorker(config, now) },
  );
  app.addHook('preClose', async () => scheduler.stop());
  let inbound: InboundSmtp | undefined;
  if (config.inboundSmtpPort !== undefined) {
    // Loaded only when replies come in over SMTP, like the mailbox below.
    const { startInboundSmtp } = await import('./jobs/inbound-mail.js');
    inbound = await startInboundSmtp({
      inbound: app.services.inbound,
      port: config.inboundSmtpPort,
      host: config.host,
      log: app.log,
    });
    app.addHook('preClose', async () => inbound?.close());
  }
  if (config.imapUrl) {
    // Loaded only when a mailbox is configured: a server without one does not carry imapflow.
    const { parseImapUrl, startMailboxPolling } = await import('./jobs/imap-mailbox.js');
    const mailbox = startMailboxPolling({
      inbound: app.services.inbound,
      settings: parseImapUrl(config.imapUrl),
      log: app.log,
      intervalMs: config.imapPollSeconds * 1000,
    });
    app.addHook('preClose', async () => mailbox.stop());
  }
  await app.listen({ port: config.port, host: config.host });

  const setupLink = app.services.auth.firstAdminSetupLink();
  const mail = config.smtpUrl ? 'SMTP' : `.eml files in ${config.mailDir}`;
  const replies = inbound ? `; replies to reply+…@${config.mailDomain} on SMTP port ${inbound.port}` : '';
  process.stdout.write(
    `\nDocket is running at ${config.baseUrl} (database ${config.databasePath}, mail as ${mail}${replies})\n`,
  );
  if (setupLink) {
    process.stdout.write(
      `\nNo user exists yet. Create the first admin with this one-time link (valid 24 hours):\n\n  ${setupLink}\n\nor from a terminal: npx docket user add --email you@example.org --name "Your Name" --role admin\n\n`,
    );
  }

  return app;
}
