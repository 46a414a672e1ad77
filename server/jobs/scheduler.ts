import type { FastifyBaseLogger } from 'fastify';

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
