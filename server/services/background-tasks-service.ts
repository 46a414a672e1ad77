import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackgroundTaskRow, Repositories, UserRow } from '../../db/repositories/index.js';
import { ConflictError, GoneError, NotFoundError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/tokens.js';
import type { LetterExportService } from './letter-export-service.js';
import type { LettersService } from './letters-service.js';

/** A running task not heard from for this long was cut off (the server stopped): it is reported as failed. */
const STALE_MS = 10 * 60_000;

/** How long a finished task's file is kept; the scheduled jobs delete older ones. */
export const EXPORT_RETENTION_DAYS = 7;

const EXPIRED_MESSAGE = `The zip was deleted: files are kept for ${EXPORT_RETENTION_DAYS} days after they are made. Build it again to download it.`;

export interface TaskStatus {
  id: number;
  kind: string;
  title: string;
  status: 'running' | 'done' | 'failed' | 'expired';
  done: number;
  total: number;
  percent: number;
  message: string | null;
  letterId: number | null;
  downloadUrl: string | null;
}

const TITLES: Record<string, string> = { 'letter-zip': 'Every company’s copy of the letter, as one zip' };

/**
 * Long work that runs after the request that started it has answered: a row in background_tasks
 * keeps its progress, which the progress page and its status JSON read.
 */
export function createBackgroundTasksService({
  repos,
  clock,
  letters,
  letterExport,
  dataDir,
}: {
  repos: Repositories;
  clock: Clock;
  letters: LettersService;
  letterExport: LetterExportService;
  dataDir: string;
}) {
  const dir = join(dataDir, 'exports');
  /** Work started in this process, awaited by tests and on close. */
  const running = new Set<Promise<void>>();

  function visible(id: number, user: UserRow): BackgroundTaskRow {
    const task = repos.backgroundTasks.find(id);
    // Someone else's task is "not found": its existence is not anyone else's business.
    if (!task || (task.userId !== user.id && user.role !== 'admin')) throw new NotFoundError('task', id);
    return task;
  }

  function statusOf(task: BackgroundTaskRow): TaskStatus {
    const stale = task.status === 'running' && clock.now().getTime() - Date.parse(task.updatedAt) > STALE_MS;
    const status = stale ? 'failed' : task.status;
    return {
      id: task.id,
      kind: task.kind,
      title: TITLES[task.kind] ?? task.kind,
      status,
      done: task.done,
      total: task.total,
      percent: task.total ? Math.round((task.done / task.total) * 100) : 100,
      message: stale
        ? 'The work was interrupted (the server stopped). Start it again.'
        : status === 'expired'
          ? EXPIRED_MESSAGE
          : task.message,
      letterId: task.letterId,
      downloadUrl: status === 'done' ? `/tasks/${task.id}/download` : null,
    };
  }

  return {
    /** Starts zipping every company's copy of a sent letter; answers at once with the task. */
    startLetterZip(letterId: number, user: UserRow): TaskStatus {
      letters.getForUser(letterId, user);
      const total = letterExport.zipSize(letterId);
      if (!total) {
        throw new ConflictError(
          'this letter has not been sent to any company yet, so there is nothing to export',
          undefined,
          'NOT_SENT',
        );
      }
      const task = repos.backgroundTasks.insert({ kind: 'letter-zip', letterId, userId: user.id, total });
      const work = (async () => {
        try {
          let last = 0;
          const file = await letterExport.exportLetter(letterId, (done) => {
            // One write per company at most, fewer on big letters: progress is for people.
            if (done === total || done - last >= Math.max(1, Math.floor(total / 50))) {
              last = done;
              repos.backgroundTasks.progress(task.id, done);
            }
          });
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          const path = join(dir, `task-${task.id}-${randomToken(8)}.zip`);
          writeFileSync(path, file.body, { mode: 0o600 });
          repos.backgroundTasks.finish(task.id, { path, name: file.filename });
        } catch (error) {
          repos.backgroundTasks.fail(task.id, error instanceof Error ? error.message : String(error));
        }
      })();
      running.add(work);
      void work.finally(() => running.delete(work));
      return statusOf(repos.backgroundTasks.find(task.id)!);
    },

    status(id: number, user: UserRow): TaskStatus {
      return statusOf(visible(id, user));
    },

    /** The finished task's file. */
    download(id: number, user: UserRow): { filename: string; body: Buffer } {
      const task = visible(id, user);
      if (task.status === 'expired') throw new GoneError(EXPIRED_MESSAGE, 'EXPIRED');
      if (statusOf(task).status !== 'done' || !task.resultPath || !task.resultName) {
        throw new ConflictError(
          'this task has not finished, so there is nothing to download yet',
          undefined,
          'NOT_DONE',
        );
      }
      try {
        return { filename: task.resultName, body: readFileSync(task.resultPath) };
      } catch {
        // The retention job may have deleted it between the look-up and the read.
        if (repos.backgroundTasks.find(id)?.status === 'expired')
          throw new GoneError(EXPIRED_MESSAGE, 'EXPIRED');
        throw new NotFoundError('the file of task', id);
      }
    },

    /**
     * Deletes the files of tasks finished more than EXPORT_RETENTION_DAYS before `now` (run by the
     * scheduled jobs). The file goes first, then the row says so: a run cut off in between, or run
     * twice, finds the file already gone and finishes the row; nothing is deleted twice.
     */
    expireFiles(now: Date): { deleted: number; errors: string[] } {
      const cutoff = new Date(now.getTime() - EXPORT_RETENTION_DAYS * 86_400_000).toISOString();
      let deleted = 0;
      const errors: string[] = [];
      for (const task of repos.backgroundTasks.filesFinishedBefore(cutoff)) {
        try {
          rmSync(task.resultPath, { force: true });
        } catch (error) {
          errors.push(`task ${task.id}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        if (repos.backgroundTasks.expire(task.id)) deleted++;
      }
      return { deleted, errors };
    },

    /** Waits for the work started in this process (tests; closing the app). */
    async settled(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type BackgroundTasksService = ReturnType<typeof createBackgroundTasksService>;
