import type { Clock } from '../../ports/clock';
import type { Kpi, KpiSample, Period, ResourcePerformancePort } from '../../ports/resource-performance';
import { MEASURABLE_TYPES } from '../../simulators/performance';
import {
  type ControlRow,
  type ReportRow,
  type ResourceRow,
  type SampleRow,
  toControl,
  toCrossing,
  toReport,
  toResource,
  toSample,
  toWarning,
} from '../sqlite/resource-performance';
import { nextId, once, type Pool, type Tx } from './database';
import { shapedRows } from './rows';

/**
 * What the element's counters read at a time: the deployment's PM system. The embedded store's
 * simulator reads the SQLite tables its tests inject degradations into; on PostgreSQL the
 * collector is given to the adapter, so the store holds only what Resource Performance
 * Management records.
 */
export type PerformanceCollector = (resourceId: string, at: Date) => KpiSample | Promise<KpiSample>;

/**
 * RM&O's performance records (1.A.3.4) on PostgreSQL, as the SQLite adapter
 * (src/adapters/sqlite/resource-performance.ts) and with its mappers. Each write once per key; a
 * finding is one row per element, KPI and period, and a control one per element and period, kept
 * so by unique keys when two workers record the same at once.
 */
export function createPostgresResourcePerformance(
  pool: Pool,
  clock: Clock,
  collector: PerformanceCollector,
): ResourcePerformancePort {
  const now = () => clock().toISOString();
  /** A period's findings in `table` (crossings or warnings), of one element or all, in a stable order. */
  const findingsIn = async <Row, T>(
    table: 'performance_crossings' | 'performance_warnings',
    toFinding: (row: Row) => T,
    periodStart: string,
    periodEnd: string,
    resourceId?: string,
  ) =>
    shapedRows<Row>(
      (
        await pool.query(
          `SELECT * FROM ${table} WHERE period_start = $1 AND period_end = $2
             AND ($3::text IS NULL OR resource_id = $3)
           ORDER BY resource_id COLLATE "C", kpi COLLATE "C"`,
          [periodStart, periodEnd, resourceId ?? null],
        )
      ).rows,
    ).map(toFinding);
  const crossingsIn = (periodStart: string, periodEnd: string, resourceId?: string) =>
    findingsIn('performance_crossings', toCrossing, periodStart, periodEnd, resourceId);
  const warningsIn = (periodStart: string, periodEnd: string, resourceId?: string) =>
    findingsIn('performance_warnings', toWarning, periodStart, periodEnd, resourceId);
  /** Whether a finding of the element and KPI is already kept for the period (no id is taken then). */
  const report = async (id: string) => {
    const { rows } = await pool.query('SELECT * FROM performance_reports WHERE id = $1', [id]);
    return rows[0] && toReport(shapedRows<ReportRow>(rows)[0]!);
  };
  const found = async (tx: Tx, table: string, f: { resourceId: string; kpi: string } & Period) =>
    (
      await tx.query(
        `SELECT 1 FROM ${table} WHERE resource_id = $1 AND kpi = $2 AND period_start = $3 AND period_end = $4`,
        [f.resourceId, f.kpi, f.periodStart, f.periodEnd],
      )
    ).rowCount! > 0;

  return {
    async monitoredResources({ region, resourceIds }) {
      if (resourceIds?.length) {
        const { rows } = await pool.query(
          `SELECT * FROM resources WHERE id = ANY($1) AND resource_type = ANY($2) ORDER BY id COLLATE "C"`,
          [resourceIds, MEASURABLE_TYPES],
        );
        return shapedRows<ResourceRow>(rows).map(toResource);
      }
      // Infrastructure is always watched; access elements once they carry a customer's service.
      const { rows } = await pool.query(
        `SELECT * FROM resources WHERE ($1::text IS NULL OR region = $1) AND resource_type = ANY($2)
           AND state <> 'retired' AND (resource_type IN ('node', 'card') OR state = 'inService')
         ORDER BY id COLLATE "C"`,
        [region ?? null, MEASURABLE_TYPES],
      );
      return shapedRows<ResourceRow>(rows).map(toResource);
    },

    async collect(key, resourceIds, times) {
      return once(pool, key, 'collectPerformance', async (tx) => {
        const read: KpiSample[] = [];
        for (const id of resourceIds) for (const at of times) read.push(await collector(id, new Date(at)));
        // One statement for the whole collection; a sample already kept (an earlier collection) stays as it was.
        const r = await tx.query(
          `INSERT INTO performance_samples (resource_id, at, utilisation_pct, latency_ms, packet_loss_pct, errors_per_min)
           SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[])
           ON CONFLICT (resource_id, at) DO NOTHING`,
          [
            read.map((s) => s.resourceId),
            read.map((s) => s.at),
            read.map((s) => s.utilisationPct),
            read.map((s) => s.latencyMs),
            read.map((s) => s.packetLossPct),
            read.map((s) => s.errorsPerMin),
          ],
        );
        return r.rowCount ?? 0;
      });
    },

    async samples(resourceId, from, to) {
      const { rows } = await pool.query(
        'SELECT * FROM performance_samples WHERE resource_id = $1 AND at >= $2 AND at < $3 ORDER BY at',
        [resourceId, from, to],
      );
      return shapedRows<SampleRow>(rows).map(toSample);
    },

    async thresholds() {
      const { rows } = await pool.query<{ resource_type: string; kpi: Kpi; limit_value: number }>(
        'SELECT * FROM performance_thresholds ORDER BY resource_type COLLATE "C", kpi COLLATE "C"',
      );
      return rows.map((r) => ({ resourceType: r.resource_type, kpi: r.kpi, limit: r.limit_value }));
    },

    async recordCrossings(key, list) {
      await once(pool, key, 'recordPerformanceCrossings', async (tx) => {
        for (const c of list) {
          if (await found(tx, 'performance_crossings', c)) continue;
          await tx.query(
            `INSERT INTO performance_crossings (id, resource_id, kpi, worst_value, limit_value, first_at, samples,
               period_start, period_end, trouble_id, correlated_to, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (resource_id, kpi, period_start, period_end) DO NOTHING`,
            [
              await nextId(tx, 'PXC'),
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
            ],
          );
        }
        return list.length;
      });
      const periods = [...new Set(list.map((c) => `${c.periodStart}|${c.periodEnd}`))];
      const kept = await Promise.all(
        periods.map((p) => {
          const [s, e] = p.split('|') as [string, string];
          return crossingsIn(s, e);
        }),
      );
      return kept.flat().filter((c) => list.some((l) => l.resourceId === c.resourceId && l.kpi === c.kpi));
    },
    async crossings({ periodStart, periodEnd }, resourceId) {
      return crossingsIn(periodStart, periodEnd, resourceId);
    },

    async recordWarnings(key, list) {
      await once(pool, key, 'recordPerformanceWarnings', async (tx) => {
        for (const w of list) {
          if (await found(tx, 'performance_warnings', w)) continue;
          await tx.query(
            `INSERT INTO performance_warnings (id, resource_id, kpi, slope_per_hour, last_value, limit_value,
               predicted_crossing_at, period_start, period_end, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (resource_id, kpi, period_start, period_end) DO NOTHING`,
            [
              await nextId(tx, 'PEW'),
              w.resourceId,
              w.kpi,
              w.slopePerHour,
              w.lastValue,
              w.limit,
              w.predictedCrossingAt,
              w.periodStart,
              w.periodEnd,
              now(),
            ],
          );
        }
        return list.length;
      });
      const kept = await Promise.all(list.map((w) => warningsIn(w.periodStart, w.periodEnd, w.resourceId)));
      return list.flatMap((w, i) => kept[i]!.filter((x) => x.kpi === w.kpi));
    },
    async warnings({ periodStart, periodEnd }, resourceId) {
      return warningsIn(periodStart, periodEnd, resourceId);
    },

    async applyControl(key, c) {
      const id = await once(pool, key, 'applyTrafficControl', async (tx) => {
        const existing = async () =>
          (
            await tx.query<{ id: string }>(
              'SELECT id FROM performance_controls WHERE resource_id = $1 AND period_start = $2 AND period_end = $3',
              [c.resourceId, c.periodStart, c.periodEnd],
            )
          ).rows[0]?.id;
        const kept = await existing();
        if (kept) return kept;
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO performance_controls (id, resource_id, kind, shed_pct, target_resource_id, reason, period_start,
             period_end, effective_from, applied_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (resource_id, period_start, period_end) DO NOTHING RETURNING id`,
          [
            await nextId(tx, 'PCT'),
            c.resourceId,
            c.kind,
            c.shedPct,
            c.targetResourceId,
            c.reason,
            c.periodStart,
            c.periodEnd,
            c.effectiveFrom,
            now(),
          ],
        );
        // Another worker put a control on the element for the period a moment before: that one holds.
        return inserted.rows[0]?.id ?? (await existing())!;
      });
      const { rows } = await pool.query('SELECT * FROM performance_controls WHERE id = $1', [id]);
      return toControl(shapedRows<ControlRow>(rows)[0]!);
    },
    async controls(resourceId) {
      const { rows } = await pool.query(
        'SELECT * FROM performance_controls WHERE resource_id = $1 ORDER BY effective_from, id COLLATE "C"',
        [resourceId],
      );
      return shapedRows<ControlRow>(rows).map(toControl);
    },

    async recordReport(key, r) {
      const id = await once(pool, key, 'recordPerformanceReport', async (tx) => {
        const reportId = await nextId(tx, 'RPR');
        await tx.query(
          `INSERT INTO performance_reports (id, scope, period_start, period_end, entries, crossings, warnings, controls, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            reportId,
            JSON.stringify(r.scope),
            r.periodStart,
            r.periodEnd,
            JSON.stringify(r.entries),
            r.crossings,
            r.warnings,
            r.controls,
            now(),
          ],
        );
        return reportId;
      });
      return (await report(id))!;
    },
    async getReport(reportId) {
      return report(reportId);
    },
  };
}
