import { and, eq, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { backgroundTasks } from '../schema.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type BackgroundTaskRow = typeof backgroundTasks.$inferSelect;

export function createBackgroundTasksRepository(db: Db, stamp: Stamp) {
  const update = (id: number, values: Partial<typeof backgroundTasks.$inferInsert>) =>
    db
      .update(backgroundTasks)
      .set({ ...values, updatedAt: stamp() })
      .where(eq(backgroundTasks.id, id))
      .run();
  return {
    insert(values: { kind: string; letterId: number | null; userId: number | null; total: number }) {
      return db
        .insert(backgroundTasks)
        .values({ ...values, ...newRowStamps(stamp) })
        .returning()
        .get();
    },
    find(id: number): BackgroundTaskRow | undefined {
      return db.select().from(backgroundTasks).where(eq(backgroundTasks.id, id)).get();
    },
    progress(id: number, done: number): void {
      update(id, { done });
    },
    finish(id: number, result: { path: string; name: string }): void {
      update(id, { status: 'done', resultPath: result.path, resultName: result.name });
    },
    fail(id: number, message: string): void {
      update(id, { status: 'failed', message });
    },
    /** Finished tasks whose file is still kept and which finished (last changed) before `cutoff`. */
    filesFinishedBefore(cutoff: string): { id: number; resultPath: string }[] {
      return db
        .select({ id: backgroundTasks.id, resultPath: backgroundTasks.resultPath })
        .from(backgroundTasks)
        .where(
          and(
            eq(backgroundTasks.status, 'done'),
            isNotNull(backgroundTasks.resultPath),
            lt(backgroundTasks.updatedAt, cutoff),
          ),
        )
        .all() as { id: number; resultPath: string }[];
    },
    /** Marks a finished task's file as deleted; false when it was not (or no longer) a finished task. */
    expire(id: number): boolean {
      return (
        db
          .update(backgroundTasks)
          .set({ status: 'expired', resultPath: null, updatedAt: stamp() })
          .where(and(eq(backgroundTasks.id, id), eq(backgroundTasks.status, 'done')))
          .run().changes > 0
      );
    },
  };
}
