import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from './config.js';
import { startServer } from './server.js';

/** The web server in its worker thread (serve-in-worker.ts): starts it, and closes it when asked. */
const app = await startServer((workerData as { config: Config }).config);
parentPort!.once('message', async (message: { stop?: string }) => {
  app.log.info({ signal: message.stop }, 'shutting down');
  await app.close();
  process.exit(0);
});
