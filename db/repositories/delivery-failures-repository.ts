import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { deliveryFailures, dispatches } from '../schema.js';
import { preparedOnce } from './prepared.js';
import type { Stamp } from './timestamps.js';

export type DeliveryFailureRow = typeof deliveryFailures.$inferSelect;
export type NewDeliveryFailure = typeof deliveryFailures.$inferInsert;

export function createDeliveryFailuresRepository(db: Db, stamp: Stamp) {
  const ofDispatch = preparedOnce(() =>
    db
      .select()
      .from(deliveryFailures)
      .where(eq(deliveryFailures.dispatchId, sql.placeholder('dispatchId')))
      .orderBy(desc(deliveryFailures.id))
      .prepare(),
  );
  return {
    insert(values: NewDeliveryFailure): DeliveryFailureRow {
      return db
        .insert(deliveryFailures)
        .values({ ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    listForDispatch(dispatchId: number): DeliveryFailureRow[] {
      return ofDispatch().all({ dispatchId });
    },
    /** Every failure reported for letters to this company, newest first. */
    listForCompany(companyId: number, limit = 500): DeliveryFailureRow[] {
      return db
        .select({ failure: deliveryFailures })
        .from(deliveryFailures)
        .innerJoin(dispatches, eq(dispatches.id, deliveryFailures.dispatchId))
        .where(eq(dispatches.companyId, companyId))
        .orderBy(desc(deliveryFailures.id))
        .limit(limit)
        .all()
        .map((r) => r.failure);
    },
  };
}
