import type { Clock } from '../../ports/clock';
import type { ServiceQualityPort } from '../../ports/service-quality';
import {
  type ActionRow,
  type ConstraintRow,
  type EventRow,
  type KqiRow,
  type QualityServiceRow,
  toAction,
  toConstraint,
  toEvent,
  toKqi,
  toQualityService,
} from '../sqlite/service-quality';
import { nextId, once, type Pool, type Tx } from './database';
import { shapedRows } from './rows';

/**
 * SM&O's quality records (1.A.2.4) on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/service-quality.contract.ts runs on both), its mappers shared. A run's KQIs and
 * constraints, and one improvement action per run, service and kind, are kept by unique keys, so
 * workers recording the same at once leave one row. The customer alerts are read from Customer
 * QoS/SLA Management's degradations (migration 034).
 */

type Db = Pool | Tx;

const SERVICES = 'SELECT id, customer_id, region, state, assurance::text AS assurance FROM services';

export function createPostgresServiceQuality(pool: Pool, clock: Clock): ServiceQualityPort {
  const now = () => clock().toISOString();
  const read =
    <R, T>(sql: string, map: (r: R) => T) =>
    async (db: Db, ...params: unknown[]) =>
      shapedRows<R>((await db.query(sql, params)).rows).map(map);
  const services = read<QualityServiceRow, ReturnType<typeof toQualityService>>(
    `${SERVICES} WHERE state = 'active' ORDER BY id COLLATE "C"`,
    toQualityService,
  );
  const events = read('SELECT * FROM service_quality_events WHERE run_id = $1 ORDER BY id', (r: EventRow) =>
    toEvent(r),
  );
  const kqis = read('SELECT * FROM service_kqis WHERE run_id = $1 ORDER BY service_id COLLATE "C"', (r: KqiRow) =>
    toKqi(r),
  );
  const constraints = read('SELECT * FROM service_constraints WHERE run_id = $1 ORDER BY id', (r: ConstraintRow) =>
    toConstraint(r),
  );
  const action = read('SELECT * FROM service_improvement_actions WHERE id = $1', (r: ActionRow) => toAction(r));

  return {
    async activeServices(regions) {
      return (await services(pool)).filter((s) => !regions || regions.includes(s.region));
    },

    async service(serviceId) {
      return (await read(`${SERVICES} WHERE id = $1`, toQualityService)(pool, serviceId))[0];
    },

    async servicesCarriedBy(resourceId) {
      // The element and everything below it in the topology (node → cards → ports).
      const { rows } = await pool.query<{ id: string; service_id: string | null }>(
        `WITH RECURSIVE under(id) AS (SELECT $1::text UNION SELECT r.id FROM resources r JOIN under u ON r.parent_id = u.id)
         SELECT u.id, r.service_id FROM under u LEFT JOIN resources r ON r.id = u.id`,
        [resourceId],
      );
      const below = new Set(rows.map((r) => r.id));
      const held = new Set(rows.flatMap((r) => (r.service_id ? [r.service_id] : [])));
      return (await services(pool)).filter((s) => held.has(s.serviceId) || s.resourceIds.some((id) => below.has(id)));
    },

    async customerAlerts(periodStart, periodEnd) {
      // Degradations past the soft threshold over the period, unless certified as an outage since.
      const { rows } = await pool.query(
        `SELECT id, service_id, customer_id, started_at, estimated_restoration, detail
         FROM customer_qos_degradations d
         WHERE soft_threshold_crossed AND started_at < $1 AND estimated_restoration > $2
           AND NOT EXISTS (SELECT 1 FROM service_outages o WHERE o.service_problem_id = d.service_problem_id)
         ORDER BY started_at, id`,
        [periodEnd, periodStart],
      );
      return shapedRows<Record<string, string>>(rows).map((r) => ({
        id: r['id']!,
        serviceId: r['service_id']!,
        customerId: r['customer_id']!,
        startedAt: r['started_at']!,
        estimatedRestoration: r['estimated_restoration']!,
        detail: r['detail']!,
      }));
    },

    async recordEvents(key, runId, list) {
      await once(pool, key, 'recordQualityEvents', async (tx) => {
        for (const e of list) {
          await tx.query(
            `INSERT INTO service_quality_events (id, run_id, service_id, customer_id, kind, source_id, resource_id,
               performance_bp, degrading, started_at, ended_at, detail, filtered_reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
            [
              await nextId(tx, 'SQE'),
              runId,
              e.serviceId,
              e.customerId,
              e.kind,
              e.sourceId,
              e.resourceId,
              e.performanceBp,
              e.degrading,
              e.startedAt,
              e.endedAt,
              e.detail,
              e.filteredReason,
              now(),
            ],
          );
        }
        return list.length;
      });
      return events(pool, runId);
    },

    async events(runId) {
      return events(pool, runId);
    },

    async recordKqis(key, list) {
      await once(pool, key, 'recordServiceKqis', async (tx) => {
        for (const k of list) {
          await tx.query(
            `INSERT INTO service_kqis (run_id, service_id, customer_id, period_start, period_end, availability_bp,
               outage_minutes, incidents, mtbf_minutes, mttr_minutes, performance_bp, degrading, target_availability_bp,
               target_restore_minutes, latency_ms, max_latency_ms, throughput_pct, min_throughput_pct,
               committed_bandwidth_mbps, delivered_bandwidth_mbps, qos_shortfall, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
             ON CONFLICT (run_id, service_id) DO NOTHING`,
            [
              k.runId,
              k.serviceId,
              k.customerId,
              k.periodStart,
              k.periodEnd,
              k.availabilityBp,
              k.outageMinutes,
              k.incidents,
              k.mtbfMinutes,
              k.mttrMinutes,
              k.performanceBp,
              k.degrading,
              k.targetAvailabilityBp,
              k.targetRestoreMinutes,
              k.qos.latencyMs,
              k.qos.maxLatencyMs,
              k.qos.throughputPct,
              k.qos.minThroughputPct,
              k.qos.committedBandwidthMbps,
              k.qos.deliveredBandwidthMbps,
              k.qos.shortfall,
              now(),
            ],
          );
        }
        return list.length;
      });
      const runs = [...new Set(list.map((k) => k.runId))];
      const stored = (await Promise.all(runs.map((run) => kqis(pool, run)))).flat();
      return stored.filter((k) => list.some((l) => l.serviceId === k.serviceId));
    },

    async kqis(runId) {
      return kqis(pool, runId);
    },

    async recordImprovement(key, a) {
      const id = await once(pool, key, 'recordImprovementAction', async (tx) => {
        const existing = async () =>
          (
            await tx.query<{ id: string }>(
              'SELECT id FROM service_improvement_actions WHERE run_id = $1 AND service_id = $2 AND kind = $3',
              [a.runId, a.serviceId, a.kind],
            )
          ).rows[0]?.id;
        const found = await existing();
        if (found) return found;
        // Another worker recording the same action at once: the unique key keeps its row, this one reads it.
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO service_improvement_actions (id, run_id, service_id, kind, addressed_to, reason, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (run_id, service_id, kind) DO NOTHING RETURNING id`,
          [await nextId(tx, 'SIA'), a.runId, a.serviceId, a.kind, a.addressedTo, a.reason, now()],
        );
        return rows[0]?.id ?? (await existing())!;
      });
      return (await action(pool, id))[0]!;
    },

    async improvements(runId) {
      return read('SELECT * FROM service_improvement_actions WHERE run_id = $1 ORDER BY id', (r: ActionRow) =>
        toAction(r),
      )(pool, runId);
    },

    async recordConstraints(key, list) {
      await once(pool, key, 'recordServiceConstraints', async (tx) => {
        for (const c of list) {
          await tx.query(
            `INSERT INTO service_constraints (id, run_id, service_id, customer_id, kind, resource_id, detail, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (run_id, service_id, kind, resource_id) DO NOTHING`,
            [await nextId(tx, 'SQC'), c.runId, c.serviceId, c.customerId, c.kind, c.resourceId, c.detail, now()],
          );
        }
        return list.length;
      });
      const runs = [...new Set(list.map((c) => c.runId))];
      return (await Promise.all(runs.map((run) => constraints(pool, run)))).flat();
    },

    async constraints(runId) {
      return constraints(pool, runId);
    },
  };
}
