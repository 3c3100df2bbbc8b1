import type { Clock } from '../../ports/clock';
import type {
  MonitoredResource,
  PerformanceReport,
  PerformanceWarning,
  ResourcePerformancePort,
  ThresholdCrossing,
  TrafficControl,
} from '../../ports/resource-performance';
import { createPerformanceSimulator, type Kpi, type KpiSample, MEASURABLE_TYPES } from '../../simulators/performance';
import { type Db, json, nextId, once } from './database';

export interface SampleRow {
  resource_id: string;
  at: string;
  utilisation_pct: number;
  latency_ms: number;
  packet_loss_pct: number;
  errors_per_min: number;
}
export const toSample = (r: SampleRow): KpiSample => ({
  resourceId: r.resource_id,
  at: r.at,
  utilisationPct: r.utilisation_pct,
  latencyMs: r.latency_ms,
  packetLossPct: r.packet_loss_pct,
  errorsPerMin: r.errors_per_min,
});

export interface CrossingRow {
  id: string;
  resource_id: string;
  kpi: Kpi;
  worst_value: number;
  limit_value: number;
  first_at: string;
  samples: number;
  period_start: string;
  period_end: string;
  trouble_id: string | null;
  correlated_to: string | null;
}
export const toCrossing = (r: CrossingRow): ThresholdCrossing => ({
  id: r.id,
  resourceId: r.resource_id,
  kpi: r.kpi,
  worstValue: r.worst_value,
  limit: r.limit_value,
  firstAt: r.first_at,
  samples: r.samples,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  troubleId: r.trouble_id,
  correlatedTo: r.correlated_to,
});

export interface WarningRow {
  id: string;
  resource_id: string;
  kpi: Kpi;
  slope_per_hour: number;
  last_value: number;
  limit_value: number;
  predicted_crossing_at: string;
  period_start: string;
  period_end: string;
}
export const toWarning = (r: WarningRow): PerformanceWarning => ({
  id: r.id,
  resourceId: r.resource_id,
  kpi: r.kpi,
  slopePerHour: r.slope_per_hour,
  lastValue: r.last_value,
  limit: r.limit_value,
  predictedCrossingAt: r.predicted_crossing_at,
  periodStart: r.period_start,
  periodEnd: r.period_end,
});

export interface ControlRow {
  id: string;
  resource_id: string;
  kind: TrafficControl['kind'];
  shed_pct: number;
  target_resource_id: string | null;
  reason: string;
  period_start: string;
  period_end: string;
  effective_from: string;
  applied_at: string;
}
export const toControl = (r: ControlRow): TrafficControl => ({
  id: r.id,
  resourceId: r.resource_id,
  kind: r.kind,
  shedPct: r.shed_pct,
  targetResourceId: r.target_resource_id,
  reason: r.reason,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  effectiveFrom: r.effective_from,
  appliedAt: r.applied_at,
});

export interface ReportRow {
  id: string;
  scope: string;
  period_start: string;
  period_end: string;
  entries: string;
  crossings: number;
  warnings: number;
  controls: number;
  created_at: string;
}
export const toReport = (r: ReportRow): PerformanceReport => ({
  id: r.id,
  scope: json.parse(r.scope),
  periodStart: r.period_start,
  periodEnd: r.period_end,
  entries: json.parse(r.entries),
  crossings: r.crossings,
  warnings: r.warnings,
  controls: r.controls,
  createdAt: r.created_at,
});

export interface ResourceRow {
  id: string;
  resource_type: string;
  region: string;
  parent_id: string | null;
  redundant_with: string | null;
  service_id: string | null;
}
export const toResource = (r: ResourceRow): MonitoredResource => ({
  id: r.id,
  resourceType: r.resource_type,
  region: r.region,
  parentId: r.parent_id,
  redundantWith: r.redundant_with,
  serviceId: r.service_id,
});

export function createSqliteResourcePerformance(db: Db, clock: Clock): ResourcePerformancePort {
  const now = () => clock().toISOString();
  const simulator = createPerformanceSimulator(db);
  const measurable = MEASURABLE_TYPES.map(() => '?').join(', ');

  const crossingsIn = (periodStart: string, periodEnd: string, resourceId?: string) =>
    (
      db
        .prepare(
          `SELECT * FROM performance_crossings WHERE period_start = ? AND period_end = ? AND (? IS NULL OR resource_id = ?)
           ORDER BY resource_id, kpi`,
        )
        .all(periodStart, periodEnd, resourceId ?? null, resourceId ?? null) as CrossingRow[]
    ).map(toCrossing);
  const warningsIn = (periodStart: string, periodEnd: string, resourceId?: string) =>
    (
      db
        .prepare(
          `SELECT * FROM performance_warnings WHERE period_start = ? AND period_end = ? AND (? IS NULL OR resource_id = ?)
           ORDER BY resource_id, kpi`,
        )
        .all(periodStart, periodEnd, resourceId ?? null, resourceId ?? null) as WarningRow[]
    ).map(toWarning);

  return {
    async monitoredResources({ region, resourceIds }) {
      if (resourceIds?.length) {
        const rows = db
          .prepare(
            `SELECT * FROM resources WHERE id IN (${resourceIds.map(() => '?').join(', ')})
             AND resource_type IN (${measurable}) ORDER BY id`,
          )
          .all(...resourceIds, ...MEASURABLE_TYPES) as ResourceRow[];
        return rows.map(toResource);
      }
      // Infrastructure is always watched; access elements once they carry a customer's service.
      const rows = db
        .prepare(
          `SELECT * FROM resources WHERE (? IS NULL OR region = ?) AND resource_type IN (${measurable})
             AND state <> 'retired' AND (resource_type IN ('node', 'card') OR state = 'inService')
           ORDER BY id`,
        )
        .all(region ?? null, region ?? null, ...MEASURABLE_TYPES) as ResourceRow[];
      return rows.map(toResource);
    },

    async collect(key, resourceIds, times) {
      return once(db, key, 'collectPerformance', () => {
        const insert = db.prepare(
          `INSERT OR IGNORE INTO performance_samples (resource_id, at, utilisation_pct, latency_ms, packet_loss_pct, errors_per_min)
           VALUES (?, ?, ?, ?, ?, ?)`,
        );
        let stored = 0;
        for (const id of resourceIds) {
          for (const at of times) {
            const s = simulator.read(id, new Date(at));
            stored += insert.run(id, s.at, s.utilisationPct, s.latencyMs, s.packetLossPct, s.errorsPerMin).changes;
          }
        }
        return stored;
      });
    },

    async samples(resourceId, from, to) {
      // Samples are kept at toISOString's instants, compared as text: bounds named without
      // milliseconds ('…07:00:00Z' sorts after '…07:00:00.000Z') would miss the first reading
      // and take the one at the end.
      const instant = (t: string) => new Date(t).toISOString();
      return (
        db
          .prepare('SELECT * FROM performance_samples WHERE resource_id = ? AND at >= ? AND at < ? ORDER BY at')
          .all(resourceId, instant(from), instant(to)) as SampleRow[]
      ).map(toSample);
    },

    async thresholds() {
      return (
        db.prepare('SELECT * FROM performance_thresholds ORDER BY resource_type, kpi').all() as Array<{
          resource_type: string;
          kpi: Kpi;
          limit_value: number;
        }>
      ).map((r) => ({ resourceType: r.resource_type, kpi: r.kpi, limit: r.limit_value }));
    },

    async recordCrossings(key, list) {
      once(db, key, 'recordPerformanceCrossings', () => {
        const insert = db.prepare(
          `INSERT OR IGNORE INTO performance_crossings (id, resource_id, kpi, worst_value, limit_value, first_at, samples,
             period_start, period_end, trouble_id, correlated_to, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const c of list) {
          const exists = db
            .prepare(
              'SELECT 1 FROM performance_crossings WHERE resource_id = ? AND kpi = ? AND period_start = ? AND period_end = ?',
            )
            .get(c.resourceId, c.kpi, c.periodStart, c.periodEnd);
          if (exists) continue;
          insert.run(
            nextId(db, 'PXC'),
            c.resourceId,
            c.kpi,
            c.worstValue,
            c.limit,
            c.firstAt,
            c.samples,
            c.periodStart,
            c.periodEnd,
            c.troubleId,
            c.correlatedTo,
            now(),
          );
        }
        return list.length;
      });
      const periods = new Set(list.map((c) => `${c.periodStart}|${c.periodEnd}`));
      return [...periods].flatMap((p) => {
        const [s, e] = p.split('|') as [string, string];
        return crossingsIn(s, e).filter((c) => list.some((l) => l.resourceId === c.resourceId && l.kpi === c.kpi));
      });
    },
    async crossings({ periodStart, periodEnd }, resourceId) {
      return crossingsIn(periodStart, periodEnd, resourceId);
    },

    async recordWarnings(key, list) {
      once(db, key, 'recordPerformanceWarnings', () => {
        for (const w of list) {
          const exists = db
            .prepare(
              'SELECT 1 FROM performance_warnings WHERE resource_id = ? AND kpi = ? AND period_start = ? AND period_end = ?',
            )
            .get(w.resourceId, w.kpi, w.periodStart, w.periodEnd);
          if (exists) continue;
          db.prepare(
            `INSERT INTO performance_warnings (id, resource_id, kpi, slope_per_hour, last_value, limit_value,
               predicted_crossing_at, period_start, period_end, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            nextId(db, 'PEW'),
            w.resourceId,
            w.kpi,
            w.slopePerHour,
            w.lastValue,
            w.limit,
            w.predictedCrossingAt,
            w.periodStart,
            w.periodEnd,
            now(),
          );
        }
        return list.length;
      });
      return list.flatMap((w) => warningsIn(w.periodStart, w.periodEnd, w.resourceId).filter((x) => x.kpi === w.kpi));
    },
    async warnings({ periodStart, periodEnd }, resourceId) {
      return warningsIn(periodStart, periodEnd, resourceId);
    },

    async applyControl(key, c) {
      const id = once(db, key, 'applyTrafficControl', () => {
        const existing = db
          .prepare('SELECT id FROM performance_controls WHERE resource_id = ? AND period_start = ? AND period_end = ?')
          .pluck()
          .get(c.resourceId, c.periodStart, c.periodEnd) as string | undefined;
        if (existing) return existing;
        const controlId = nextId(db, 'PCT');
        db.prepare(
          `INSERT INTO performance_controls (id, resource_id, kind, shed_pct, target_resource_id, reason, period_start,
             period_end, effective_from, applied_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          controlId,
          c.resourceId,
          c.kind,
          c.shedPct,
          c.targetResourceId,
          c.reason,
          c.periodStart,
          c.periodEnd,
          c.effectiveFrom,
          now(),
        );
        return controlId;
      });
      return toControl(db.prepare('SELECT * FROM performance_controls WHERE id = ?').get(id) as ControlRow);
    },
    async controls(resourceId) {
      return (
        db
          .prepare('SELECT * FROM performance_controls WHERE resource_id = ? ORDER BY effective_from, id')
          .all(resourceId) as ControlRow[]
      ).map(toControl);
    },

    async recordReport(key, r) {
      const id = once(db, key, 'recordPerformanceReport', () => {
        const reportId = nextId(db, 'RPR');
        db.prepare(
          `INSERT INTO performance_reports (id, scope, period_start, period_end, entries, crossings, warnings, controls, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          reportId,
          json.stringify(r.scope),
          r.periodStart,
          r.periodEnd,
          json.stringify(r.entries),
          r.crossings,
          r.warnings,
          r.controls,
          now(),
        );
        return reportId;
      });
      return toReport(db.prepare('SELECT * FROM performance_reports WHERE id = ?').get(id) as ReportRow);
    },
    async getReport(reportId) {
      const row = db.prepare('SELECT * FROM performance_reports WHERE id = ?').get(reportId) as ReportRow | undefined;
      return row && toReport(row);
    },
  };
}
