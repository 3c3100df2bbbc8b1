import type { RatedPart } from '../../domain/billing/rating';
import type { RejectReason, UsageRecordState, UsageType } from '../../domain/billing/usage';
import type { BulkProgress, UsagePort, UsageRecord } from '../../ports/usage';
import type { Db } from './database';

/** Records are worked on in chunks: one transaction each, so a large collection never holds the store. */
export const CHUNK = 20_000;

/** `column = ?` conditions for the filters given (undefined ones left out), and their values. */
export function conditions(filters: Record<string, string | undefined>): { where: string[]; args: string[] } {
  const set = Object.entries(filters).filter((f): f is [string, string] => !!f[1]);
  return { where: set.map(([column]) => `${column} = ?`), args: set.map(([, value]) => value) };
}

/** Between two chunks: progress told, and the event loop let through (better-sqlite3 is synchronous). */
export async function betweenChunks(progress: BulkProgress | undefined, done: number): Promise<void> {
  progress?.(done);
  await new Promise((resolve) => setImmediate(resolve));
}

export interface RecordRow {
  id: number;
  collection_id: string;
  element_id: string;
  state: UsageRecordState;
  usage_type: UsageType | null;
  correlation_id: string | null;
  started_at: string | null;
  quantity: number | null;
  party: string | null;
  format_error: string | null;
  service_id: string | null;
  customer_id: string | null;
  product_id: string | null;
  product_offering_id: string | null;
  reject_reason: RejectReason | null;
  tariff_id: string | null;
  cycle_id: string | null;
  units: number | null;
  allowance_units: number | null;
  charge_minor: number | null;
  rating: string | null;
  bill_id: string | null;
  /** The TMF635 id of a record posted through the API; null for the network's own. */
  usage_id: string | null;
}
export const toUsageRecord = (r: RecordRow): UsageRecord => ({
  id: r.id,
  collectionId: r.collection_id,
  elementId: r.element_id,
  state: r.state,
  usageType: r.usage_type,
  correlationId: r.correlation_id,
  startedAt: r.started_at,
  quantity: r.quantity,
  party: r.party,
  serviceId: r.service_id,
  customerId: r.customer_id,
  productOfferingId: r.product_offering_id,
  rejectReason: r.reject_reason,
  tariffId: r.tariff_id,
  cycleId: r.cycle_id,
  units: r.units,
  allowanceUnits: r.allowance_units,
  chargeMinor: r.charge_minor,
  parts: r.rating === null ? null : (JSON.parse(r.rating) as RatedPart[]),
  billId: r.bill_id,
});

/** The usage records as they stand: read by filter, one by one, or counted by state. */
export function createSqliteUsageRecords(db: Db): Pick<UsagePort, 'records' | 'record' | 'countByState'> {
  return {
    async records(f) {
      const { where, args } = conditions({
        collection_id: f.collectionId,
        customer_id: f.customerId,
        state: f.state,
        bill_id: f.billId,
      });
      return (
        db
          .prepare(`SELECT * FROM usage_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`)
          .all(...args) as RecordRow[]
      ).map(toUsageRecord);
    },
    async record(id) {
      const row = db.prepare('SELECT * FROM usage_records WHERE id = ?').get(id) as RecordRow | undefined;
      return row && toUsageRecord(row);
    },
    async countByState(collectionId) {
      const rows = db
        .prepare(
          `SELECT state, COUNT(*) AS n FROM usage_records ${collectionId ? 'WHERE collection_id = ?' : ''} GROUP BY state`,
        )
        .all(...(collectionId ? [collectionId] : [])) as Array<{ state: UsageRecordState; n: number }>;
      return Object.fromEntries(rows.map((r) => [r.state, r.n]));
    },
  };
}
