import type { FastifyInstance } from 'fastify';
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
export async function runDueJobs(app: FastifyInstance, now: Date = app.clock.now()): Promise<DueJobsResult> {
  const dueDatesRecomputed = app.services.dispatches.recomputeDueDates({
    userId: null,
    label: 'scheduled jobs',
  });
  const reminders = app.services.reminders.run(now);
  const digests = app.services.digests.run(now);
  const outbox = await app.services.outbox.deliverDue(10_000, now);
  return { dueDatesRecomputed, reminders, digests, outbox };
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
