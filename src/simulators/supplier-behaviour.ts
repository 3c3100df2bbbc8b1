import type { Db } from '../adapters/sqlite/database';
import type { Clock } from '../ports/clock';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** What each supplier does beyond acknowledging and delivering on time. */
export const BEHAVIOURS: Record<string, { slipDays: number; slipReason: string; resolveMs: number }> = {
  // Beta digs its own trenches: halfway through, it always reports a two-day slip; a fault on
  // its fibre takes it twice as long to fix.
  'SUP-BETA': { slipDays: 2, slipReason: 'civil works permit delayed', resolveMs: 12 * HOUR_MS },
};

/** The suppliers' time: now, and how their promises and reports fall at `speed` times ours. */
export function supplierClock(clock: Clock, speed: number) {
  const now = () => clock().toISOString();
  /**
   * Time seen from one instant (now, by default): the business dates a supplier promises from
   * it, and when, in our time, its reports fall due.
   */
  const from = (instant = clock().getTime()) => ({
    promise: (ms: number) => new Date(instant + ms).toISOString(),
    due: (simulatedMs: number) => new Date(instant + simulatedMs / speed).toISOString(),
  });
  return { now, from };
}
export type SupplierClock = ReturnType<typeof supplierClock>;

/**
 * Makes a supplier fail its next `times` acceptance tests, reject its next `times` requisitions,
 * stay silent on its next `times` problem reports (no answer until the problem is escalated),
 * or refuse its next `times` ceases (the contract's minimum term not run out).
 */
export function injectSupplierFault(
  db: Db,
  supplierId: string,
  operation: 'acceptance' | 'reject' | 'silent' | 'refuseCease',
  times = 1,
): void {
  db.prepare(
    `INSERT INTO simulator_faults (target, operation, remaining) VALUES (?, ?, ?)
     ON CONFLICT (target, operation) DO UPDATE SET remaining = remaining + excluded.remaining`,
  ).run(supplierId, operation, times);
}

/** Whether an injected fault fires on this call: each firing uses one up. */
export function faultFires(db: Db, target: string, operation: string): boolean {
  return (
    db
      .prepare(
        'UPDATE simulator_faults SET remaining = remaining - 1 WHERE target = ? AND operation = ? AND remaining > 0',
      )
      .run(target, operation).changes > 0
  );
}
