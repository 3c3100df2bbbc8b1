import { formatCdr } from '../../domain/billing/usage';
import type { SubmittedUsage, UsageEvents, UsageEventType, UsagePort, UsageSubmission } from '../../ports/usage';
import { meteredElements } from '../../simulators/usage';
import type { Db } from './database';
import { appendEvent } from './event-outbox';
import { searchIds } from './search';
import { type RecordRow, toUsageRecord } from './usage-records';
import { allTariffs } from './usage-tariffs';

export interface SubmissionRow {
  id: string;
  element_id: string;
  element_seq: number;
  usage_type: UsageSubmission['usageType'];
  usage_date: string;
  quantity: number;
  party: string;
  customer_id: string;
  product_id: string;
  service_id: string;
  description: string | null;
  characteristics: string;
  received_at: string;
}

/** A posted record with its collected record (once collection took it) and the tariff it was guided to. */
function load(db: Db, id: string): SubmittedUsage | undefined {
  const s = db.prepare('SELECT * FROM usage_submissions WHERE id = ?').get(id) as SubmissionRow | undefined;
  if (!s) return undefined;
  const row = db
    .prepare('SELECT * FROM usage_records WHERE element_id = ? AND element_seq = ?')
    .get(s.element_id, s.element_seq) as (RecordRow & { updated_at: string }) | undefined;
  const record = row ? { ...toUsageRecord(row), updatedAt: row.updated_at } : null;
  const tariff = record?.tariffId ? (allTariffs(db).find((t) => t.id === record.tariffId) ?? null) : null;
  return toSubmitted(s, record, tariff);
}

/** A posted record from its row, its collected record and the tariff it was guided to (both stores). */
export const toSubmitted = (
  s: SubmissionRow,
  record: SubmittedUsage['record'],
  tariff: SubmittedUsage['tariff'],
): SubmittedUsage => ({
  id: s.id,
  usageType: s.usage_type,
  usageDate: s.usage_date,
  quantity: s.quantity,
  party: s.party,
  customerId: s.customer_id,
  productId: s.product_id,
  serviceId: s.service_id,
  elementId: s.element_id,
  description: s.description,
  characteristics: JSON.parse(s.characteristics) as UsageSubmission['characteristics'],
  receivedAt: s.received_at,
  state: record?.state ?? 'received',
  record,
  tariff,
});

/**
 * Stores the TMF635 event of a posted record's change, inside the change's transaction. Only
 * records posted through the API publish (a network's million records a run publish none):
 * mediation and rating call this for the rows that carry a usage id.
 */
export function publishUsage(
  db: Db,
  publish: UsageEvents | undefined,
  usageId: string,
  eventType: UsageEventType,
  at: string,
): void {
  const usage = publish && load(db, usageId);
  if (usage) appendEvent(db, publish(eventType, usage), at);
}

/** Posted records, their state read through the collected record (received until collected). */
const SUBMISSIONS = `(SELECT s.id, s.usage_type, s.customer_id, s.usage_date, s.received_at, s.rowid AS rowid,
    COALESCE(r.state, 'received') AS state
  FROM usage_submissions s LEFT JOIN usage_records r ON r.element_id = s.element_id AND r.element_seq = s.element_seq)`;

/**
 * Usage posted by external systems (TMF635): each record waits for collection among the
 * network's records, on the element that meters the product's service, numbered after the
 * element's own, so collection (1.AB.3.5.1) takes it once and the audit (1.AB.3.5.4) counts it.
 */
export function createSqliteUsageSubmissions(
  db: Db,
): Pick<UsagePort, 'meterOf' | 'receive' | 'submitted' | 'searchSubmitted'> {
  return {
    async meterOf(productId, serviceId) {
      const services = db.prepare('SELECT service_ids FROM products WHERE id = ?').pluck().get(productId) as
        string | undefined;
      if (!services) return undefined;
      const ofProduct = JSON.parse(services) as string[];
      const metered = meteredElements(db).filter((e) => ofProduct.includes(e.serviceId));
      const m = serviceId ? metered.find((e) => e.serviceId === serviceId) : metered[0];
      return m && { serviceId: m.serviceId, elementId: m.elementId };
    },

    async receive(s, at, publish) {
      // Immediate: the element's numbering is read and taken in one step, whoever else writes.
      return db
        .transaction(() => {
          const known = load(db, s.id);
          if (known) return { usage: known, created: false };
          const seq =
            ((db
              .prepare('SELECT produced FROM network_usage_counters WHERE element_id = ?')
              .pluck()
              .get(s.elementId) as number | undefined) ?? 0) + 1;
          db.prepare(
            `INSERT INTO network_usage_counters (element_id, produced) VALUES (?, ?)
             ON CONFLICT (element_id) DO UPDATE SET produced = excluded.produced`,
          ).run(s.elementId, seq);
          const line = formatCdr({ ...s, correlationId: s.id, seq, startedAt: s.usageDate });
          db.prepare(
            'INSERT INTO network_usage (element_id, seq, line, produced_at, usage_id) VALUES (?, ?, ?, ?, ?)',
          ).run(s.elementId, seq, line, at, s.id);
          db.prepare(
            `INSERT INTO usage_submissions (id, element_id, element_seq, usage_type, usage_date, quantity, party,
               customer_id, product_id, service_id, description, characteristics, received_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
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
          );
          publishUsage(db, publish, s.id, 'UsageCreateEvent', at);
          return { usage: load(db, s.id)!, created: true };
        })
        .immediate();
    },

    async submitted(id) {
      return load(db, id);
    },

    async searchSubmitted(q) {
      const { total, ids } = searchIds(db, SUBMISSIONS, {
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
      return { total, usages: ids.map((id) => load(db, id)!) };
    },
  };
}
