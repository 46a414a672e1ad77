import type { Repositories } from '../../db/repositories/index.js';
import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { MailTransport } from '../lib/mail-transport.js';
import type { BackgroundTasksService } from '../services/background-tasks-service.js';
import type { DeadlinesService } from '../services/deadlines-service.js';
import type { DispatchesService } from '../services/dispatches-service.js';
import type { LettersService } from '../services/letters-service.js';
import type { Mailer } from '../services/mailer.js';
import { createDigestJob, type DigestRunResult } from './digests.js';
import { createOutboxDelivery, type DeliveryResult } from './outbox-delivery.js';
import { createReminderJob, type ReminderRunResult } from './reminders.js';

export interface DueJobsResult {
  dueDatesRecomputed: number;
  reminders: ReminderRunResult;
  digests: DigestRunResult;
  outbox: DeliveryResult;
  /** Export files past their retention, deleted. */
  exports: { deleted: number; errors: string[] };
}

/** What the jobs need, named: the database, the clock, the mail, and the services they read. */
export interface JobDeps {
  repos: Repositories;
  clock: Clock;
  config: Pick<Config, 'baseUrl' | 'timezone' | 'sessionSecret'>;
  transport: MailTransport;
  mailer: Mailer;
  deadlines: Pick<DeadlinesService, 'entries' | 'sources'>;
  letters: Pick<LettersService, 'subjectFor'>;
  dispatches: Pick<DispatchesService, 'recomputeDueDates'>;
  tasks: Pick<BackgroundTasksService, 'expireFiles'>;
}

/**
 * The scheduled jobs, built from explicit dependencies (no web server needed): the outbox
 * delivery, reminders and digests, the retention of export files, and `runDue`, every job once
 * as of a time. The scheduler,
 * `docket jobs run --now` and the jobs worker thread all call `runDue`.
 */
export function createJobs({
  repos,
  clock,
  config,
  transport,
  mailer,
  deadlines,
  letters,
  dispatches,
  tasks,
}: JobDeps) {
  const common = {
    repos,
    mailer,
    baseUrl: config.baseUrl,
    timezone: config.timezone,
    secret: config.sessionSecret,
    letterTitle: (letterId: number, companyId: number) => letters.subjectFor(letterId, companyId),
    // Every reminder is anchored to a deadline from the registered sources.
    deadlines: () => deadlines,
  };
  const outbox = createOutboxDelivery({ repos, transport, clock });
  const reminders = createReminderJob(common);
  const digests = createDigestJob(common);

  return {
    outbox,
    reminders,
    digests,
    /**
     * Every scheduled job once, as of `now`: reminders and digests are queued first so the outbox
     * drain delivers them in the same run.
     */
    async runDue(now: Date = clock.now()): Promise<DueJobsResult> {
      const dueDatesRecomputed = dispatches.recomputeDueDates({ userId: null, label: 'scheduled jobs' });
      return {
        dueDatesRecomputed,
        reminders: reminders.run(now),
        digests: digests.run(now),
        outbox: await outbox.deliverDue(10_000, now),
        exports: tasks.expireFiles(now),
      };
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
