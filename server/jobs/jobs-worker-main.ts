import { parentPort, workerData } from 'node:worker_threads';
import { closeDatabase, openDatabase } from '../../db/client.js';
import { createRepositories } from '../../db/repositories/index.js';
import type { Config } from '../config.js';
import { systemClock } from '../lib/clock.js';
import { createMailTransport } from '../lib/mail-transport.js';
import { createServices } from '../plugins/app/services.js';
import { createJobs } from './jobs.js';

/** One full jobs run on its own database connection, off the web server's event loop. */
const { config, nowIso } = workerData as { config: Config; nowIso: string };
try {
  const db = openDatabase(config.databasePath);
  const transport = createMailTransport(config);
  try {
    const repos = createRepositories(db, systemClock);
    const services = createServices({ repos, config, clock: systemClock });
    const jobs = createJobs({ ...services, repos, clock: systemClock, config, transport });
    const result = await jobs.runDue(new Date(nowIso));
    parentPort!.postMessage({ result });
  } finally {
    await transport.close();
    closeDatabase(db);
  }
} catch (error) {
  // Errors lose their message crossing threads (SqliteError arrives as `{ code }`): send it as text.
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
