import type { Clock } from '../../ports/clock';
import type {
  CustomerAlert,
  ImprovementAction,
  QualityEvent,
  QualityService,
  ServiceConstraint,
  ServiceKqiRecord,
  ServiceQualityPort,
} from '../../ports/service-quality';
import { type Db, json, nextId, once } from './database';

export interface QualityServiceRow {
  id: string;
  customer_id: string;
  region: string;
  state: string;
  assurance: string | null;
}
export const toQualityService = (r: QualityServiceRow): QualityService => {
  const a = json.parse<{
    resourceIds?: string[];
    sla?: { availabilityPct: number; restoreHours: number };
    qos?: Record<string, number>;
  } | null>(r.assurance);
  return {
    serviceId: r.id,
    customerId: r.customer_id,
    region: r.region,
    state: r.state,
    resourceIds: a?.resourceIds ?? [],
    sla: a?.sla ?? null,
    qos: a?.qos ?? {},
  };
};

export interface EventRow {
  id: string;
  run_id: string;
  service_id: string | null;
  customer_id: string | null;
  kind: QualityEvent['kind'];
  source_id: string;
  resource_id: string | null;
  performance_bp: number | null;
  degrading: number;
  started_at: string;
  ended_at: string;
  detail: string;
  filtered_reason: string | null;
}
export const toEvent = (r: EventRow): QualityEvent => ({
  id: r.id,
  runId: r.run_id,
  serviceId: r.service_id,
  customerId: r.customer_id,
  kind: r.kind,
  sourceId: r.source_id,
  resourceId: r.resource_id,
  performanceBp: r.performance_bp,
  degrading: r.degrading === 1,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  detail: r.detail,
  filteredReason: r.filtered_reason,
});

export interface KqiRow {
  run_id: string;
  service_id: string;
  customer_id: string;
  period_start: string;
  period_end: string;
  availability_bp: number;
  outage_minutes: number;
  incidents: number;
  mtbf_minutes: number | null;
  mttr_minutes: number | null;
  performance_bp: number;
  degrading: number;
  target_availability_bp: number | null;
  target_restore_minutes: number | null;
  latency_ms: number | null;
  max_latency_ms: number | null;
  throughput_pct: number | null;
  min_throughput_pct: number | null;
  committed_bandwidth_mbps: number | null;
  delivered_bandwidth_mbps: number | null;
  qos_shortfall: string | null;
}
export const toKqi = (r: KqiRow): ServiceKqiRecord => ({
  runId: r.run_id,
  serviceId: r.service_id,
  customerId: r.customer_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  availabilityBp: r.availability_bp,
  outageMinutes: r.outage_minutes,
  incidents: r.incidents,
  mtbfMinutes: r.mtbf_minutes,
  mttrMinutes: r.mttr_minutes,
  performanceBp: r.performance_bp,
  degrading: r.degrading === 1,
  targetAvailabilityBp: r.target_availability_bp,
  targetRestoreMinutes: r.target_restore_minutes,
  qos: {
    latencyMs: r.latency_ms,
    maxLatencyMs: r.max_latency_ms,
    throughputPct: r.throughput_pct,
    minThroughputPct: r.min_throughput_pct,
    committedBandwidthMbps: r.committed_bandwidth_mbps,
    deliveredBandwidthMbps: r.delivered_bandwidth_mbps,
    shortfall: r.qos_shortfall,
  },
});

export interface ActionRow {
  id: string;
  run_id: string;
  service_id: string;
  kind: ImprovementAction['kind'];
  addressed_to: string;
  reason: string;
  created_at: string;
}
export const toAction = (r: ActionRow): ImprovementAction => ({
  id: r.id,
  runId: r.run_id,
  serviceId: r.service_id,
  kind: r.kind,
  addressedTo: r.addressed_to,
  reason: r.reason,
  createdAt: r.created_at,
});

export interface ConstraintRow {
  id: string;
  run_id: string;
  service_id: string;
  customer_id: string;
  kind: ServiceConstraint['kind'];
  resource_id: string;
  detail: string;
  created_at: string;
}
export const toConstraint = (r: ConstraintRow): ServiceConstraint => ({
  id: r.id,
  runId: r.run_id,
  serviceId: r.service_id,
  customerId: r.customer_id,
  kind: r.kind,
  resourceId: r.resource_id,
  detail: r.detail,
  createdAt: r.created_at,
});

export function createSqliteServiceQuality(db: Db, clock: Clock): ServiceQualityPort {
  const now = () => clock().toISOString();
  const events = (runId: string) =>
    (db.prepare('SELECT * FROM service_quality_events WHERE run_id = ? ORDER BY id').all(runId) as EventRow[]).map(
      toEvent,
    );
  const kqis = (runId: string) =>
    (db.prepare('SELECT * FROM service_kqis WHERE run_id = ? ORDER BY service_id').all(runId) as KqiRow[]).map(toKqi);
  const constraints = (runId: string) =>
    (db.prepare('SELECT * FROM service_constraints WHERE run_id = ? ORDER BY id').all(runId) as ConstraintRow[]).map(
      toConstraint,
    );

  return {
    async activeServices(regions) {
      const rows = db
        .prepare("SELECT id, customer_id, region, state, assurance FROM services WHERE state = 'active' ORDER BY id")
        .all() as QualityServiceRow[];
      return rows.filter((r) => !regions || regions.includes(r.region)).map(toQualityService);
    },
    async service(serviceId) {
      const row = db
        .prepare('SELECT id, customer_id, region, state, assurance FROM services WHERE id = ?')
        .get(serviceId) as QualityServiceRow | undefined;
      return row && toQualityService(row);
    },
    async servicesCarriedBy(resourceId) {
      // The element and everything below it in the topology (node → cards → ports).
      const below = db
        .prepare(
          `WITH RECURSIVE under(id) AS (
             SELECT ? UNION SELECT r.id FROM resources r JOIN under u ON r.parent_id = u.id)
           SELECT id FROM under`,
        )
        .pluck()
        .all(resourceId) as string[];
      const rows = db
        .prepare("SELECT id, customer_id, region, state, assurance FROM services WHERE state = 'active' ORDER BY id")
        .all() as QualityServiceRow[];
      const held = new Set(
        db
          .prepare(
            `SELECT DISTINCT service_id FROM resources WHERE service_id IS NOT NULL AND id IN (${below.map(() => '?').join(', ')})`,
          )
          .pluck()
          .all(...below) as string[],
      );
      return rows
        .map(toQualityService)
        .filter((s) => held.has(s.serviceId) || s.resourceIds.some((id) => below.includes(id)));
    },

    async customerAlerts(periodStart, periodEnd) {
      return db
        .prepare(
          `SELECT id, service_id AS serviceId, customer_id AS customerId, started_at AS startedAt,
             estimated_restoration AS estimatedRestoration, detail
           FROM customer_qos_degradations d
           WHERE soft_threshold_crossed = 1 AND started_at < ? AND estimated_restoration > ?
             AND NOT EXISTS (SELECT 1 FROM service_outages o WHERE o.service_problem_id = d.service_problem_id)
           ORDER BY started_at, id`,
        )
        .all(periodEnd, periodStart) as CustomerAlert[];
    },
    async recordEvents(key, runId, list) {
      once(db, key, 'recordQualityEvents', () => {
        const insert = db.prepare(
          `INSERT INTO service_quality_events (id, run_id, service_id, customer_id, kind, source_id, resource_id,
             performance_bp, degrading, started_at, ended_at, detail, filtered_reason, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const e of list) {
          insert.run(
            nextId(db, 'SQE'),
            runId,
            e.serviceId,
            e.customerId,
            e.kind,
            e.sourceId,
            e.resourceId,
            e.performanceBp,
            e.degrading ? 1 : 0,
            e.startedAt,
            e.endedAt,
            e.detail,
            e.filteredReason,
            now(),
          );
        }
        return list.length;
      });
      return events(runId);
    },
    async events(runId) {
      return events(runId);
    },

    async recordKqis(key, list) {
      once(db, key, 'recordServiceKqis', () => {
        const insert = db.prepare(
          `INSERT OR IGNORE INTO service_kqis (run_id, service_id, customer_id, period_start, period_end, availability_bp,
             outage_minutes, incidents, mtbf_minutes, mttr_minutes, performance_bp, degrading, target_availability_bp,
             target_restore_minutes, latency_ms, max_latency_ms, throughput_pct, min_throughput_pct,
             committed_bandwidth_mbps, delivered_bandwidth_mbps, qos_shortfall, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const k of list) {
          insert.run(
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
            k.degrading ? 1 : 0,
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
          );
        }
        return list.length;
      });
      const runs = [...new Set(list.map((k) => k.runId))];
      return runs.flatMap(kqis).filter((k) => list.some((l) => l.serviceId === k.serviceId));
    },
    async kqis(runId) {
      return kqis(runId);
    },

    async recordImprovement(key, a) {
      const id = once(db, key, 'recordImprovementAction', () => {
        const existing = db
          .prepare('SELECT id FROM service_improvement_actions WHERE run_id = ? AND service_id = ? AND kind = ?')
          .pluck()
          .get(a.runId, a.serviceId, a.kind) as string | undefined;
        if (existing) return existing;
        const actionId = nextId(db, 'SIA');
        db.prepare(
          `INSERT INTO service_improvement_actions (id, run_id, service_id, kind, addressed_to, reason, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(actionId, a.runId, a.serviceId, a.kind, a.addressedTo, a.reason, now());
        return actionId;
      });
      return toAction(db.prepare('SELECT * FROM service_improvement_actions WHERE id = ?').get(id) as ActionRow);
    },
    async improvements(runId) {
      return (
        db.prepare('SELECT * FROM service_improvement_actions WHERE run_id = ? ORDER BY id').all(runId) as ActionRow[]
      ).map(toAction);
    },

    async recordConstraints(key, list) {
      once(db, key, 'recordServiceConstraints', () => {
        const insert = db.prepare(
          `INSERT OR IGNORE INTO service_constraints (id, run_id, service_id, customer_id, kind, resource_id, detail, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const c of list) {
          insert.run(nextId(db, 'SQC'), c.runId, c.serviceId, c.customerId, c.kind, c.resourceId, c.detail, now());
        }
        return list.length;
      });
      const runs = [...new Set(list.map((c) => c.runId))];
      return runs.flatMap(constraints);
    },
    async constraints(runId) {
      return constraints(runId);
    },
  };
}
