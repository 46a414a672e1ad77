/**
 * The longest event-loop stall while one full scheduled-jobs run (due dates, reminders, digests,
 * outbox) works through the data set, measured in a process built like `docket serve`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { runDueJobs } from '../../server/jobs/run-due-jobs.js';

export async function measureJobsStall(env: NodeJS.ProcessEnv) {
  const app = await buildApp(loadConfig(env), { logger: false });
  try {
    await app.ready();
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const started = performance.now();
    // A timer that must keep firing while the jobs run; its worst lateness is the stall.
    let worstTick = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstTick = Math.max(worstTick, now - last);
      last = now;
    }, 5);
    await runDueJobs(app);
    await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(ticker);
    histogram.disable();
    return {
      jobsRunMs: Math.round(performance.now() - started),
      longestStallMs: Math.round(Math.max(histogram.max / 1e6, worstTick)),
    };
  } finally {
    await app.close();
  }
}
