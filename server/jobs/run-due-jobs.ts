import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { workerEntry } from '../lib/worker-entry.js';
import { EXPORT_RETENTION_DAYS } from '../services/background-tasks-service.js';
import type { DueJobsResult, Jobs } from './jobs.js';

export type { DueJobsResult };

/**
 * The jobs worker's heap: V8 sizes a heap from its ceiling, and with the default one a full run
 * at 100,000 dispatches held about 90 MB more than it needed while it ran, next to the web
 * server. The run works through the data in queries and batches; half the web server's ceiling
 * leaves it room several times over.
 */
const JOBS_HEAP_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

/** Every scheduled job once, as of `now` (the clock's time when omitted). */
export function runDueJobs({ jobs }: { jobs: Pick<Jobs, 'runDue'> }, now?: Date): Promise<DueJobsResult> {
  return jobs.runDue(now);
}

/**
 * The same run in a worker thread with its own connection, so the web server's event loop keeps
 * answering while due dates, reminders and digests are worked through (`docket serve` uses this).
 */
export function runDueJobsInWorker(config: Config, now: Date): Promise<DueJobsResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(import.meta.url, 'jobs-worker'), {
      workerData: { config: { ...config }, nowIso: now.toISOString() },
      resourceLimits: JOBS_HEAP_LIMITS,
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
  const { dueDatesRecomputed, reminders, digests, outbox, exports } = result;
  const problems = (errors: string[]) => (errors.length ? `; ${errors.length} failed: ${errors[0]}` : '');
  return [
    `due dates: ${dueDatesRecomputed} recomputed from their inputs`,
    `reminders: ${reminders.queued} emails queued for ${reminders.reminders} reminders${problems(reminders.errors)}`,
    `digests: ${digests.daily} daily, ${digests.weekly} weekly queued${problems(digests.errors)}`,
    `outbox: ${outbox.sent} sent, ${outbox.retried} to retry, ${outbox.failed} failed`,
    `exports: ${exports.deleted} files past their ${EXPORT_RETENTION_DAYS} days deleted${problems(exports.errors)}`,
  ];
}
