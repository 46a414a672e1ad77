import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Repositories } from '../../db/repositories/index.js';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/tokens.js';
import type { Jobs } from './jobs.js';
import { type DueJobsResult, summarizeDueJobs } from './run-due-jobs.js';

export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Runs each job on its interval, one run at a time per job; stop() waits for runs in flight. */
export function startScheduler(jobs: ScheduledJob[], log: FastifyBaseLogger) {
  const running = new Map<string, Promise<unknown>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      if (running.has(job.name)) return;
      const run = job
        .run()
        .catch((error) => log.error({ err: error, job: job.name }, 'scheduled job failed'))
        .finally(() => running.delete(job.name));
      running.set(job.name, run);
    }, job.everyMs),
  );
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}

export const SCHEDULER_LEASE = 'scheduler';

/** What the scheduler needs: time, the lease table, the jobs and a log (not the web server). */
export interface SchedulerDeps {
  clock: Clock;
  leases: Repositories['jobLeases'];
  jobs: Pick<Jobs, 'runDue' | 'outbox'>;
  log: FastifyBaseLogger;
}

/**
 * The scheduler `docket serve` runs. Only the process holding the `scheduler` lease in job_leases
 * runs jobs, so several processes on one database never work side by side; the lease is renewed
 * on every tick, including while a long run is in flight, and released on stop.
 */
export function startJobScheduler(
  { clock, leases, jobs, log }: SchedulerDeps,
  {
    tickMs = 15_000,
    leaseMs = 60_000,
    remindersEveryMs = 5 * 60_000,
    holder = `${hostname()}:${process.pid}:${randomToken(6)}`,
    fullRun = (now: Date) => jobs.runDue(now),
  }: {
    tickMs?: number;
    leaseMs?: number;
    remindersEveryMs?: number;
    holder?: string;
    /** How a full run is done: in-process by default; `docket serve` runs it in a worker thread. */
    fullRun?: (now: Date) => Promise<DueJobsResult>;
  } = {},
) {
  let lastFullRun = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | undefined;
  let stopped = false;

  const renew = () => {
    const now = clock.now();
    return leases.acquire(
      SCHEDULER_LEASE,
      holder,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
    );
  };

  const work = async () => {
    const now = clock.now();
    if (now.getTime() - lastFullRun >= remindersEveryMs) {
      lastFullRun = now.getTime();
      const result = await fullRun(now);
      const busy =
        result.reminders.queued + result.digests.daily + result.digests.weekly + result.outbox.sent > 0 ||
        result.outbox.failed + result.outbox.retried > 0 ||
        result.exports.deleted + result.exports.errors.length > 0;
      if (busy) log.info({ jobs: summarizeDueJobs(result) }, 'scheduled jobs ran');
    } else {
      await jobs.outbox.deliverDue();
    }
  };

  const tick = () => {
    if (stopped) return;
    let held = false;
    try {
      held = renew();
    } catch (error) {
      log.error({ err: error }, 'could not take the scheduler lease');
    }
    if (!held || running) return;
    running = work()
      .catch((error) => log.error({ err: error }, 'scheduled jobs failed'))
      .finally(() => {
        running = undefined;
      });
  };

  const timer = setInterval(tick, tickMs);
  const first = setTimeout(tick, Math.min(tickMs, 1000));
  return {
    holder,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
      leases.release(SCHEDULER_LEASE, holder);
    },
  };
}
