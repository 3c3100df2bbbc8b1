import { BusinessErrorType, reject } from '../../contracts/errors';
import { type CycleCounter, rateOnCounter, type RatedPart, Tariff } from '../../domain/billing/rating';
import {
  parseCdr,
  utcMillis,
  RECYCLABLE,
  type RejectReason,
  type UsageRecordState,
  type UsageType,
} from '../../domain/billing/usage';
import type { Clock } from '../../ports/clock';
import type { BulkProgress, MediationResult, UsageAudit, UsagePort, UsageRecord, UsageReport } from '../../ports/usage';
import { produceNetworkUsage } from '../../simulators/usage';
import { type Db, nextId, once } from './database';

/** Records are worked on in chunks: one transaction each, so a large collection never holds the store. */
const CHUNK = 20_000;

/** `column = ?` conditions for the filters given (undefined ones left out), and their values. */
function conditions(filters: Record<string, string | undefined>): { where: string[]; args: string[] } {
  const set = Object.entries(filters).filter((f): f is [string, string] => !!f[1]);
  return { where: set.map(([column]) => `${column} = ?`), args: set.map(([, value]) => value) };
}

/** Between two chunks: progress told, and the event loop let through (better-sqlite3 is synchronous). */
async function betweenChunks(progress: BulkProgress | undefined, done: number): Promise<void> {
  progress?.(done);
  await new Promise((resolve) => setImmediate(resolve));
}

interface TariffRow {
  id: string;
  product_offering_id: string;
  usage_type: UsageType;
  name: string;
  unit_size: number;
  unit_label: string;
  allowance_units: number;
  tiers: string;
  peak_start_hour: number | null;
  peak_end_hour: number | null;
  currency: string;
}
const toTariff = (r: TariffRow): Tariff =>
  Tariff.parse({
    id: r.id,
    productOfferingId: r.product_offering_id,
    usageType: r.usage_type,
    name: r.name,
    unitSize: r.unit_size,
    unitLabel: r.unit_label,
    allowanceUnits: r.allowance_units,
    tiers: JSON.parse(r.tiers),
    peak: r.peak_start_hour === null ? null : { startHour: r.peak_start_hour, endHour: r.peak_end_hour },
    currency: r.currency,
  });

interface RecordRow {
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

/** Which service, customer and product an element's usage belongs to (the resource → service mapping). */
function serviceMap(db: Db) {
  const byElement = new Map<string, { serviceId: string; customerId: string }>();
  for (const r of db
    .prepare('SELECT id, service_id, customer_id FROM resources WHERE service_id IS NOT NULL')
    .all() as Array<{ id: string; service_id: string; customer_id: string }>)
    byElement.set(r.id, { serviceId: r.service_id, customerId: r.customer_id });
  const byService = new Map<string, { productId: string; offeringId: string; active: boolean }>();
  for (const p of db
    .prepare(
      `SELECT p.id, p.product_offering_id, p.status, j.value AS service_id, s.state AS service_state
         FROM products p, json_each(p.service_ids) j LEFT JOIN services s ON s.id = j.value`,
    )
    .all() as Array<{
    id: string;
    product_offering_id: string;
    status: string;
    service_id: string;
    service_state: string | null;
  }>)
    byService.set(p.service_id, {
      productId: p.id,
      offeringId: p.product_offering_id,
      active: p.status === 'active' && p.service_state === 'active',
    });
  return { byElement, byService };
}

export function createSqliteUsage(db: Db, clock: Clock): UsagePort {
  const now = () => clock().toISOString();
  const tariffRows = () => (db.prepare('SELECT * FROM tariffs ORDER BY id').all() as TariffRow[]).map(toTariff);
  const tariffKey = (offeringId: string, usageType: string) => `${offeringId}/${usageType}`;

  const port: UsagePort = {
    async lastCollectionEnd() {
      return (db.prepare('SELECT MAX(period_end) FROM usage_collections').pluck().get() as string | null) ?? null;
    },

    async collect(key, c) {
      return once(db, key, 'collectUsage', () => {
        if (db.prepare('SELECT 1 FROM usage_collections WHERE id = ?').get(c.collectionId))
          reject(BusinessErrorType.ConflictingRequest, `collection ${c.collectionId} already exists`);
        db.prepare('INSERT INTO usage_collections (id, period_start, period_end, created_at) VALUES (?, ?, ?, ?)').run(
          c.collectionId,
          c.periodStart,
          c.periodEnd,
          now(),
        );
        // The elements deliver the period's records; collection takes whatever has not been collected yet.
        produceNetworkUsage(db, c.periodStart, c.periodEnd);
        const at = now();
        const collected = db
          .prepare(
            `INSERT INTO usage_records (collection_id, element_id, element_seq, raw, state, updated_at)
             SELECT ?, element_id, seq, line, 'received', ? FROM network_usage WHERE collected = 0 ORDER BY element_id, seq`,
          )
          .run(c.collectionId, at).changes;
        db.prepare('UPDATE network_usage SET collected = 1 WHERE collected = 0').run();
        db.prepare('UPDATE usage_collections SET collected = ? WHERE id = ?').run(collected, c.collectionId);
        return { ...c, collected };
      });
    },

    async process(key, collectionId, progress) {
      // State-guarded (processed = 0): a retry finds nothing left to process and changes nothing.
      const { byElement, byService } = serviceMap(db);
      const pick = db.prepare(
        'SELECT id, raw, element_id FROM usage_records WHERE collection_id = ? AND processed = 0 ORDER BY id LIMIT ?',
      );
      const update = db.prepare(
        `UPDATE usage_records SET processed = 1, format_error = ?, usage_type = ?, correlation_id = ?, started_at = ?,
           quantity = ?, party = ?, resource_id = ?, service_id = ?, customer_id = ?, product_id = ?, product_offering_id = ?,
           updated_at = ? WHERE id = ?`,
      );
      const at = now();
      let done = 0;
      for (;;) {
        const rows = pick.all(collectionId, CHUNK) as Array<{ id: number; raw: string; element_id: string }>;
        if (!rows.length) break;
        db.transaction(() => {
          for (const r of rows) {
            const parsed = parseCdr(r.raw);
            const owner = byElement.get(r.element_id);
            const product = owner && byService.get(owner.serviceId);
            if (!parsed.ok) {
              update.run(
                parsed.error,
                null,
                null,
                null,
                null,
                null,
                r.element_id,
                owner?.serviceId ?? null,
                owner?.customerId ?? null,
                product?.productId ?? null,
                product?.offeringId ?? null,
                at,
                r.id,
              );
              continue;
            }
            const e = parsed.event;
            update.run(
              null,
              e.usageType,
              e.correlationId,
              e.startedAt,
              e.quantity,
              e.party,
              r.element_id,
              owner?.serviceId ?? null,
              owner?.customerId ?? null,
              product?.productId ?? null,
              product?.offeringId ?? null,
              at,
              r.id,
            );
          }
        })();
        done += rows.length;
        await betweenChunks(progress, done);
      }
      const count = (where: string) =>
        db
          .prepare(`SELECT COUNT(*) FROM usage_records WHERE collection_id = ? AND processed = 1 ${where}`)
          .pluck()
          .get(collectionId) as number;
      db.prepare('UPDATE usage_collections SET processed = ? WHERE id = ?').run(count(''), collectionId);
      once(db, key, 'processUsage', () => null);
      return {
        processed: count(''),
        formatErrors: count('AND format_error IS NOT NULL'),
        unmapped: count('AND service_id IS NULL'),
      };
    },

    async distribute(key, collectionId, consumer) {
      return once(db, key, 'distributeUsage', () => {
        const records = db
          .prepare('SELECT COUNT(*) FROM usage_records WHERE collection_id = ? AND processed = 1')
          .pluck()
          .get(collectionId) as number;
        const distributionId = nextId(db, 'UD');
        db.prepare(
          'INSERT INTO usage_distributions (id, collection_id, consumer, record_count, created_at) VALUES (?, ?, ?, ?, ?)',
        ).run(distributionId, collectionId, consumer, records, now());
        return { distributionId, records };
      });
    },

    async audit(key, collectionId) {
      return once(db, key, 'auditUsage', (): UsageAudit => {
        const elements = db
          .prepare(
            `SELECT element_id, MIN(element_seq) AS lo, COUNT(*) AS n FROM usage_records WHERE collection_id = ? GROUP BY element_id`,
          )
          .all(collectionId) as Array<{ element_id: string; lo: number; n: number }>;
        const findings: UsageAudit['findings'] = [];
        let produced = 0;
        let collected = 0;
        let missing = 0;
        let duplicates = 0;
        for (const el of elements) {
          // Numbers from the first this collection saw up to the last the element produced:
          // each must have been collected once, in this collection or another.
          const hi = db
            .prepare('SELECT produced FROM network_usage_counters WHERE element_id = ?')
            .pluck()
            .get(el.element_id) as number;
          const seqs = new Set(
            db
              .prepare('SELECT element_seq FROM usage_records WHERE element_id = ? AND element_seq BETWEEN ? AND ?')
              .pluck()
              .all(el.element_id, el.lo, hi) as number[],
          );
          const missingSeqs: number[] = [];
          for (let s = el.lo; s <= hi; s++) if (!seqs.has(s)) missingSeqs.push(s);
          const dups = db
            .prepare(
              `SELECT correlation_id FROM usage_records WHERE collection_id = ? AND element_id = ? AND correlation_id IS NOT NULL
               GROUP BY correlation_id HAVING COUNT(*) > 1`,
            )
            .pluck()
            .all(collectionId, el.element_id) as string[];
          produced += hi - el.lo + 1;
          collected += el.n;
          missing += missingSeqs.length;
          duplicates += dups.length;
          if (missingSeqs.length || dups.length)
            findings.push({ elementId: el.element_id, missingSeqs, duplicateCorrelationIds: dups });
        }
        const auditId = nextId(db, 'UA');
        db.prepare(
          `INSERT INTO usage_audits (id, collection_id, produced, collected, missing, duplicates, findings, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(auditId, collectionId, produced, collected, missing, duplicates, JSON.stringify(findings), now());
        return { auditId, collectionId, produced, collected, missing, duplicates, findings };
      });
    },

    async mediate(key, collectionId, progress) {
      const tariffs = new Map(tariffRows().map((t) => [tariffKey(t.productOfferingId, t.usageType), t]));
      const { byElement, byService } = serviceMap(db);
      const scope = collectionId === null ? '' : 'AND collection_id = ?';
      const pick = db.prepare(
        `SELECT * FROM usage_records WHERE state IN ('received', 'recycled') AND processed = 1 ${scope} ORDER BY id LIMIT ?`,
      );
      const seenElsewhere = db.prepare(
        `SELECT 1 FROM usage_records WHERE correlation_id = ? AND id <> ? AND state IN ('guided', 'rated', 'billed') LIMIT 1`,
      );
      const guide = db.prepare(
        `UPDATE usage_records SET state = 'guided', reject_reason = NULL, service_id = ?, customer_id = ?, product_id = ?,
           product_offering_id = ?, tariff_id = ?, updated_at = ? WHERE id = ? AND state IN ('received', 'recycled')`,
      );
      const refuse = db.prepare(
        `UPDATE usage_records SET state = 'rejected', reject_reason = ?, updated_at = ? WHERE id = ? AND state IN ('received', 'recycled')`,
      );
      const result: MediationResult = { guided: 0, rejected: {}, aggregates: [] };
      const agg = new Map<string, MediationResult['aggregates'][number]>();
      const at = now();
      let done = 0;
      for (;;) {
        const rows = (collectionId === null ? pick.all(CHUNK) : pick.all(collectionId, CHUNK)) as RecordRow[];
        if (!rows.length) break;
        db.transaction(() => {
          for (const r of rows) {
            const owner = r.service_id
              ? { serviceId: r.service_id, customerId: r.customer_id! }
              : byElement.get(r.element_id);
            const product = owner && byService.get(owner.serviceId);
            const tariff =
              product && r.usage_type ? tariffs.get(tariffKey(product.offeringId, r.usage_type)) : undefined;
            const reason: RejectReason | null = r.format_error
              ? 'MALFORMED'
              : !owner || !product
                ? 'UNKNOWN_RESOURCE'
                : seenElsewhere.get(r.correlation_id, r.id)
                  ? 'DUPLICATE'
                  : !product.active
                    ? 'SERVICE_NOT_ACTIVE'
                    : !tariff
                      ? 'NO_TARIFF'
                      : null;
            if (reason) {
              refuse.run(reason, at, r.id);
              result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
              continue;
            }
            guide.run(
              owner!.serviceId,
              owner!.customerId,
              product!.productId,
              product!.offeringId,
              tariff!.id,
              at,
              r.id,
            );
            result.guided++;
            const k = `${owner!.serviceId}/${r.usage_type}`;
            const a = agg.get(k) ?? { serviceId: owner!.serviceId, usageType: r.usage_type!, records: 0, quantity: 0 };
            a.records++;
            a.quantity += r.quantity ?? 0;
            agg.set(k, a);
          }
        })();
        done += rows.length;
        await betweenChunks(progress, done);
      }
      result.aggregates = [...agg.values()].sort((a, b) => a.serviceId.localeCompare(b.serviceId));
      return once(db, key, 'mediateUsage', () => result);
    },

    async recycle(key, reasons) {
      return once(db, key, 'recycleUsage', () => {
        const allowed = reasons.filter((r) => RECYCLABLE.includes(r));
        if (allowed.length !== reasons.length)
          reject(BusinessErrorType.InvalidStateTransition, `only ${RECYCLABLE.join(', ')} rejections can be recycled`);
        const recycled = db
          .prepare(
            `UPDATE usage_records SET state = 'recycled', updated_at = ?
             WHERE state = 'rejected' AND reject_reason IN (SELECT value FROM json_each(?))`,
          )
          .run(now(), JSON.stringify(allowed)).changes;
        return { recycled };
      });
    },

    async rate(key, c, progress) {
      const tariffs = new Map(tariffRows().map((t) => [t.id, t]));
      const counters = new Map<string, CycleCounter>();
      const counterOf = db.prepare(
        'SELECT units_used FROM usage_counters WHERE service_id = ? AND usage_type = ? AND cycle_id = ?',
      );
      const saveCounter = db.prepare(
        `INSERT INTO usage_counters (service_id, usage_type, cycle_id, units_used) VALUES (?, ?, ?, ?)
         ON CONFLICT (service_id, usage_type, cycle_id) DO UPDATE SET units_used = excluded.units_used`,
      );
      const scope = c.collectionId === null ? '' : 'AND collection_id = ?';
      // Allowances go to the earliest usage of the cycle: records are rated in the order they happened.
      const pick = db.prepare(
        `SELECT id, service_id, usage_type, tariff_id, started_at, quantity FROM usage_records
          WHERE state = 'guided' ${scope} ORDER BY started_at, id LIMIT ?`,
      );
      const rated = db.prepare(
        `UPDATE usage_records SET state = 'rated', cycle_id = ?, units = ?, allowance_units = ?, charge_minor = ?, rating = ?,
           updated_at = ? WHERE id = ? AND state = 'guided'`,
      );
      const at = now();
      let done = 0;
      for (;;) {
        const rows = (c.collectionId === null ? pick.all(CHUNK) : pick.all(c.collectionId, CHUNK)) as Array<{
          id: number;
          service_id: string;
          usage_type: UsageType;
          tariff_id: string;
          started_at: string;
          quantity: number;
        }>;
        if (!rows.length) break;
        const touched = new Set<string>();
        db.transaction(() => {
          for (const r of rows) {
            const tariff = tariffs.get(r.tariff_id);
            if (!tariff)
              reject(BusinessErrorType.NotFound, `tariff ${r.tariff_id} of usage record ${r.id} no longer exists`);
            const ck = `${r.service_id}\u0000${r.usage_type}`;
            const unitsUsed =
              counters.get(ck)?.unitsUsed ??
              (counterOf.pluck().get(r.service_id, r.usage_type, c.cycleId) as number | undefined) ??
              0;
            // The counter follows the service; the tariff is the one mediation guided this record to.
            const counter: CycleCounter = { tariff: tariff!, unitsUsed };
            const result = rateOnCounter(counter, r.quantity, utcMillis(r.started_at));
            counters.set(ck, counter);
            touched.add(ck);
            rated.run(
              c.cycleId,
              result.units,
              result.allowanceUnits,
              result.chargeMinor,
              JSON.stringify(result.parts),
              at,
              r.id,
            );
          }
          for (const ck of touched) {
            const [serviceId, usageType] = ck.split('\u0000') as [string, string];
            saveCounter.run(serviceId, usageType, c.cycleId, counters.get(ck)!.unitsUsed);
          }
        })();
        done += rows.length;
        await betweenChunks(progress, done);
      }
      const scopeArgs = c.collectionId === null ? [c.cycleId] : [c.cycleId, c.collectionId];
      const totals = db
        .prepare(
          `SELECT COUNT(*) AS rated, COALESCE(SUM(charge_minor), 0) AS chargeMinor FROM usage_records
            WHERE cycle_id = ? AND state IN ('rated', 'billed') ${scope}`,
        )
        .get(...scopeArgs) as { rated: number; chargeMinor: number };
      return once(db, key, 'rateUsage', () => totals);
    },

    async analyze(key, scope) {
      return once(db, key, 'analyzeUsage', (): UsageReport => {
        const { where, args } = conditions({ collection_id: scope.collectionId, customer_id: scope.customerId });
        const w = ["state IN ('rated', 'billed')", ...where].join(' AND ');
        const byCustomer = db
          .prepare(
            `SELECT customer_id AS customerId, usage_type AS usageType, COUNT(*) AS records, SUM(quantity) AS quantity,
                    SUM(charge_minor) AS chargeMinor FROM usage_records WHERE ${w} GROUP BY customer_id, usage_type ORDER BY 1, 2`,
          )
          .all(...args) as UsageReport['byCustomer'];
        const anomalies: UsageReport['anomalies'] = [];
        // A call of more than two hours: a line left open, or a line used by someone else.
        for (const r of db
          .prepare(
            `SELECT service_id, correlation_id, quantity FROM usage_records WHERE ${w} AND usage_type = 'voice' AND quantity > 7200`,
          )
          .all(...args) as Array<{ service_id: string; correlation_id: string; quantity: number }>)
          anomalies.push({
            kind: 'longCall',
            serviceId: r.service_id,
            detail: `${r.correlation_id} lasted ${r.quantity} s`,
          });
        // Heavy traffic in the small hours: a compromised router, or a complaint about a bill to explain.
        for (const r of db
          .prepare(
            `SELECT service_id, correlation_id, quantity FROM usage_records WHERE ${w} AND usage_type = 'data'
               AND CAST(substr(started_at, 12, 2) AS INTEGER) < 5 AND quantity > 3000`,
          )
          .all(...args) as Array<{ service_id: string; correlation_id: string; quantity: number }>)
          anomalies.push({
            kind: 'nightVolume',
            serviceId: r.service_id,
            detail: `${r.correlation_id}: ${r.quantity} MB at night`,
          });
        // The same event charged twice must never happen: mediation exists to prevent it.
        for (const r of db
          .prepare(
            `SELECT service_id, correlation_id, COUNT(*) AS n FROM usage_records WHERE ${w} GROUP BY correlation_id HAVING n > 1`,
          )
          .all(...args) as Array<{ service_id: string; correlation_id: string; n: number }>)
          anomalies.push({
            kind: 'duplicateCharge',
            serviceId: r.service_id,
            detail: `${r.correlation_id} charged ${r.n} times`,
          });
        const reportId = nextId(db, 'UR');
        const scopeText = JSON.stringify(scope);
        db.prepare('INSERT INTO usage_reports (id, scope, content, anomalies, created_at) VALUES (?, ?, ?, ?, ?)').run(
          reportId,
          scopeText,
          JSON.stringify(byCustomer),
          JSON.stringify(anomalies),
          now(),
        );
        return { reportId, scope: scopeText, byCustomer, anomalies };
      });
    },

    async tariffs() {
      return tariffRows();
    },
    async tariffFor(offeringId, usageType) {
      const row = db
        .prepare('SELECT * FROM tariffs WHERE product_offering_id = ? AND usage_type = ?')
        .get(offeringId, usageType) as TariffRow | undefined;
      return row && toTariff(row);
    },
    async upsertTariff(key, t) {
      once(db, key, 'upsertTariff', () => {
        db.prepare(
          `INSERT INTO tariffs (id, product_offering_id, usage_type, name, unit_size, unit_label, allowance_units, tiers,
             peak_start_hour, peak_end_hour, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit_size = excluded.unit_size, unit_label = excluded.unit_label,
             allowance_units = excluded.allowance_units, tiers = excluded.tiers, peak_start_hour = excluded.peak_start_hour,
             peak_end_hour = excluded.peak_end_hour, currency = excluded.currency`,
        ).run(
          t.id,
          t.productOfferingId,
          t.usageType,
          t.name,
          t.unitSize,
          t.unitLabel,
          t.allowanceUnits,
          JSON.stringify(t.tiers),
          t.peak?.startHour ?? null,
          t.peak?.endHour ?? null,
          t.currency,
        );
        return t.id;
      });
      return (await port.tariffFor(t.productOfferingId, t.usageType))!;
    },
    async removeTariff(key, tariffId) {
      once(db, key, 'removeTariff', () => db.prepare('DELETE FROM tariffs WHERE id = ?').run(tariffId).changes);
    },
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
  return port;
}
