import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { Services } from '../plugins/app/services.js';
import type { DigestRunResult } from './digests.js';
import type { DeliveryResult } from './outbox-delivery.js';
import type { ReminderRunResult } from './reminders.js';

export interface DueJobsResult {
  dueDatesRecomputed: number;
  reminders: ReminderRunResult;
  digests: DigestRunResult;
  outbox: DeliveryResult;
}

/**
 * Every scheduled job once, as of `now`: reminders and digests are queued first so the outbox
 * drain delivers them in the same run. Used by the scheduler and `docket jobs run --now`.
 */
export async function runDueJobs(
  app: { services: Services; clock: Clock },
  now: Date = app.clock.now(),
): Promise<DueJobsResult> {
  const dueDatesRecomputed = app.services.dispatches.recomputeDueDates({
    userId: null,
    label: 'scheduled jobs',
  });
  const reminders = app.services.reminders.run(now);
  const digests = app.services.digests.run(now);
  const outbox = await app.services.outbox.deliverDue(10_000, now);
  return { dueDatesRecomputed, reminders, digests, outbox };
}

/**
 * The same run in a worker thread with its own connection, so the web server's event loop keeps
 * answering while due dates, reminders and digests are worked through (`docket serve` uses this).
 */
export function runDueJobsInWorker(config: Config, now: Date): Promise<DueJobsResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./jobs-worker.js', import.meta.url), {
      workerData: { config: { ...config }, nowIso: now.toISOString() },
    });
    let outcome: { result: DueJobsResult } | { error: string } | undefined;
    worker.once('message', (message: { result: DueJobsResult } | { error: string }) => {
      outcome = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (outcome && 'result' in outcome) resolve(outcome.result);
      else reject(new Error(outcome?.error ?? `the jobs worker stopped with code ${code}`));
    });
  });
}

/** One line per job, for the command line and the log. */
export function summarizeDueJobs(result: DueJobsResult): string[] {
  const { dueDatesRecomputed, reminders, digests, outbox } = result;
  const problems = (errors: string[]) => (errors.length ? `; ${errors.length} failed: ${errors[0]}` : '');
  return [
    `due dates: ${dueDatesRecomputed} recomputed from their inputs`,
    `reminders: ${reminders.queued} emails queued for ${reminders.reminders} reminders${problems(reminders.errors)}`,
    `digests: ${digests.daily} daily, ${digests.weekly} weekly queued${problems(digests.errors)}`,
    `outbox: ${outbox.sent} sent, ${outbox.retried} to retry, ${outbox.failed} failed`,
  ];
}
