/**
 * The longest event-loop stall while one full scheduled-jobs run (due dates, reminders, digests,
 * outbox) works through the data set, the way `docket serve` runs it: in a worker thread, while
 * this thread keeps a 5 ms timer going. Also timed in-process, for comparison.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { runDueJobs, runDueJobsInWorker } from '../../server/jobs/run-due-jobs.js';

async function longestStallDuring(work: () => Promise<unknown>) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = performance.now();
  let worstTick = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worstTick = Math.max(worstTick, now - last);
    last = now;
  }, 5);
  await work();
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(ticker);
  histogram.disable();
  return {
    jobsRunMs: Math.round(performance.now() - started),
    longestStallMs: Math.round(Math.max(histogram.max / 1e6, worstTick)),
  };
}

export async function measureJobsStall(env: NodeJS.ProcessEnv) {
  const config = loadConfig(env);
  const inWorker = await longestStallDuring(() => runDueJobsInWorker(config, new Date()));
  // What the machine alone does to a 5 ms timer over as long (other processes share the cores).
  const idle = await longestStallDuring(
    () => new Promise((resolve) => setTimeout(resolve, Math.min(inWorker.jobsRunMs, 10_000))),
  );
  const app = await buildApp(config, { logger: false });
  try {
    await app.ready();
    const inProcess = await longestStallDuring(() => runDueJobs(app));
    return { ...inWorker, idleLongestStallMs: idle.longestStallMs, inProcess };
  } finally {
    await app.close();
  }
}
