import { Worker } from 'node:worker_threads';
import type { Config } from './config.js';
import { workerEntry } from './lib/worker-entry.js';

/**
 * The web server's heap, capped: V8 sizes its heap from its ceiling, and with the default one (a
 * quarter of the machine's memory) a busy server kept hundreds of megabytes of garbage. The small
 * young generation (12 MB) does most of it; the old generation's ceiling (SERVER_HEAP_MB, 256 MB
 * by default) leaves room several times over for the heaviest work at a million dispatches: the
 * statistics of a campaign of 500,000 (folded row by row) and its board exported (streamed). A worker thread is how a running Node process sets these
 * for code it starts; command-line flags would have to come from whoever starts `docket`.
 */
export function serverHeapLimits(config: Pick<Config, 'serverHeapMb'>) {
  return { maxOldGenerationSizeMb: config.serverHeapMb, maxYoungGenerationSizeMb: 12 };
}

/**
 * `docket serve`: the web server and its scheduler run in a worker thread of this process with
 * its heap capped; SIGINT and SIGTERM close it gracefully. Resolves with the exit code.
 */
export function serveInWorker(config: Config): Promise<number> {
  return new Promise((resolve) => {
    const worker = new Worker(workerEntry(import.meta.url, 'serve-worker'), {
      workerData: { config: { ...config } },
      resourceLimits: serverHeapLimits(config),
    });
    const stop = (signal: NodeJS.Signals) => worker.postMessage({ stop: signal });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let failed = false;
    worker.once('error', (error) => {
      failed = true;
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      process.stderr.write(
        outOfMemory
          ? `Docket's web server stopped: it needed more than SERVER_HEAP_MB=${config.serverHeapMb} MB of memory; raise it and start again.\n`
          : `Docket's web server stopped: ${error.stack ?? error.message}\n`,
      );
    });
    worker.once('exit', (code) => resolve(failed && code === 0 ? 1 : code));
  });
}
