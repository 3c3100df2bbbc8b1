import { formatCdr } from '../../domain/billing/usage';
import type { SubmittedUsage, UsageEvents, UsageEventType, UsagePort } from '../../ports/usage';
import type { RecordRow } from '../sqlite/usage-records';
import { toUsageRecord } from '../sqlite/usage-records';
import { type SubmissionRow, toSubmitted } from '../sqlite/usage-submissions';
import { inTransaction, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';
import { meteredElements } from './rating-references';
import { sqliteShaped } from './rows';
import { searchIds } from './search';
import { allTariffs, RECORD_BIGINTS } from './usage-rows';

/**
 * Usage posted by external systems (TMF635) on PostgreSQL, as the SQLite store's: each record
 * waits for collection among the network's records on the element that meters the product's
 * service, numbered after the element's own. The element's counter row is locked while a number
 * is taken, so two posts at once never share one; a post under a known id is the one record.
 */

async function load(db: Pool | Tx, id: string): Promise<SubmittedUsage | undefined> {
  const { rows } = await db.query('SELECT * FROM usage_submissions WHERE id = $1', [id]);
  if (!rows[0]) return undefined;
  const s = sqliteShaped<SubmissionRow>(rows[0], ['element_seq', 'quantity']);
  const r = await db.query('SELECT * FROM usage_records WHERE element_id = $1 AND element_seq = $2', [
    s.element_id,
    s.element_seq,
  ]);
  const row = r.rows[0] && sqliteShaped<RecordRow & { updated_at: string }>(r.rows[0], RECORD_BIGINTS);
  const record = row ? { ...toUsageRecord(row), updatedAt: row.updated_at } : null;
  const tariff = record?.tariffId ? ((await allTariffs(db)).find((t) => t.id === record.tariffId) ?? null) : null;
  return toSubmitted(s, record, tariff);
}

/** Stores the TMF635 event of a posted record's change, inside the change's transaction. */
export async function publishUsage(
  tx: Tx,
  publish: UsageEvents | undefined,
  usageId: string,
  eventType: UsageEventType,
  at: string,
): Promise<void> {
  const usage = publish && (await load(tx, usageId));
  if (usage) await appendEvent(tx, publish(eventType, usage), at);
}

/** Posted records, their state read through the collected record (received until collected). */
const SUBMISSIONS = `(SELECT s.id, s.usage_type, s.customer_id, s.usage_date, s.received_at, COALESCE(r.state, 'received') AS state
  FROM usage_submissions s LEFT JOIN usage_records r ON r.element_id = s.element_id AND r.element_seq = s.element_seq) AS submissions`;

export function createPostgresUsageSubmissions(
  pool: Pool,
): Pick<UsagePort, 'meterOf' | 'receive' | 'submitted' | 'searchSubmitted'> {
  return {
    async meterOf(productId, serviceId) {
      const { rows } = await pool.query<{ service_ids: string[] }>('SELECT service_ids FROM products WHERE id = $1', [
        productId,
      ]);
      if (!rows[0]) return undefined;
      const ofProduct = rows[0].service_ids;
      const metered = (await meteredElements(pool)).filter((e) => ofProduct.includes(e.serviceId));
      const m = serviceId ? metered.find((e) => e.serviceId === serviceId) : metered[0];
      return m && { serviceId: m.serviceId, elementId: m.elementId };
    },

    async receive(s, at, publish) {
      return inTransaction(pool, async (tx) => {
        // The element's numbering is read and taken under its counter's row lock, whoever else posts.
        await tx.query(
          'INSERT INTO network_usage_counters (element_id, produced) VALUES ($1, 0) ON CONFLICT (element_id) DO NOTHING',
          [s.elementId],
        );
        const { rows } = await tx.query<{ produced: string }>(
          'SELECT produced FROM network_usage_counters WHERE element_id = $1 FOR UPDATE',
          [s.elementId],
        );
        const known = await load(tx, s.id);
        if (known) return { usage: known, created: false };
        const seq = Number(rows[0]!.produced) + 1;
        await tx.query('UPDATE network_usage_counters SET produced = $2 WHERE element_id = $1', [s.elementId, seq]);
        const line = formatCdr({ ...s, correlationId: s.id, seq, startedAt: s.usageDate });
        await tx.query(
          'INSERT INTO network_usage (element_id, seq, line, produced_at, usage_id) VALUES ($1, $2, $3, $4, $5)',
          [s.elementId, seq, line, at, s.id],
        );
        await tx.query(
          `INSERT INTO usage_submissions (id, element_id, element_seq, usage_type, usage_date, quantity, party,
             customer_id, product_id, service_id, description, characteristics, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            s.id,
            s.elementId,
            seq,
            s.usageType,
            s.usageDate,
            s.quantity,
            s.party,
            s.customerId,
            s.productId,
            s.serviceId,
            s.description,
            JSON.stringify(s.characteristics),
            at,
          ],
        );
        await publishUsage(tx, publish, s.id, 'UsageCreateEvent', at);
        return { usage: (await load(tx, s.id))!, created: true };
      });
    },

    async submitted(id) {
      return load(pool, id);
    },

    async searchSubmitted(q) {
      const { total, ids } = await searchIds(pool, SUBMISSIONS, {
        anyOf: [
          ['id', q.ids],
          ['state', q.states],
          ['usage_type', q.usageTypes],
          ['customer_id', q.customerIds],
        ],
        dates: q.dates,
        dateColumns: { usageDate: 'usage_date' },
        offset: q.offset,
        limit: q.limit,
        newest: 'received_at',
      });
      const usages: SubmittedUsage[] = [];
      for (const id of ids) usages.push((await load(pool, id))!);
      return { total, usages };
    },
  };
}
