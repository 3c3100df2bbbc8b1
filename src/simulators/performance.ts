import type { Db } from '../adapters/sqlite/database';

/**
 * Simulated performance counters of the network elements: what a collector would read from a
 * node, a card, a port, a CPE or an access circuit at a given time. Values are deterministic
 * (the same element at the same time always reads the same) and plausible: a base load that
 * depends on the kind of element, a daily cycle peaking in the afternoon, a little noise,
 * latency rising with load as in a queue, packet loss once a link is nearly full. Nothing is
 * ever wrong unless a degradation is injected — a slow trend or a hard step — so a test or the
 * demo decides exactly which element degrades, and when. Traffic controls applied by Resource
 * Performance Management (1.A.3.4.3) shed part of an element's load from the time they take effect.
 */

export const KPIS = ['utilisationPct', 'latencyMs', 'packetLossPct', 'errorsPerMin'] as const;
export type Kpi = (typeof KPIS)[number];

export interface KpiSample {
  resourceId: string;
  at: string;
  utilisationPct: number;
  latencyMs: number;
  packetLossPct: number;
  errorsPerMin: number;
}

/** Element kinds the collector can read (logical resources — VLANs, numbers, ranges — have no counters). */
export const MEASURABLE_TYPES = ['node', 'card', 'port', 'cpe', 'access-circuit'] as const;

interface Profile {
  /** Mean load, in % of capacity. */
  load: number;
  /** Half the swing of the daily cycle, in points of load. */
  swing: number;
  /** Latency of the idle element, in ms. */
  idleLatencyMs: number;
}

const PROFILES: Record<string, Profile> = {
  node: { load: 40, swing: 15, idleLatencyMs: 2 },
  card: { load: 30, swing: 12, idleLatencyMs: 0.5 },
  port: { load: 20, swing: 10, idleLatencyMs: 1 },
  cpe: { load: 15, swing: 8, idleLatencyMs: 2 },
  'access-circuit': { load: 35, swing: 12, idleLatencyMs: 3 },
};
const DEFAULT_PROFILE: Profile = { load: 20, swing: 10, idleLatencyMs: 1 };

/** A stable number in [0, 1) from a text (FNV-1a). */
function unit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const HOUR = 3_600_000;

export interface Degradation {
  resourceId: string;
  kpi: Kpi;
  /** `trend`: `amount` is added per hour since `from`; `step`: the KPI sits at `amount` from `from`. */
  kind: 'trend' | 'step';
  amount: number;
  from: string;
  until?: string | null;
}

export interface Control {
  shedPct: number;
  effectiveFrom: string;
}

/**
 * What the element reads at `at` with nothing injected and no control: the healthy baseline.
 * Exported so tests can compare a degraded reading with the healthy one.
 */
export function baseline(resourceId: string, resourceType: string, at: Date): KpiSample {
  return readAt(resourceId, resourceType, at, [], []);
}

function readAt(
  resourceId: string,
  resourceType: string,
  at: Date,
  degradations: readonly Degradation[],
  controls: readonly Control[],
): KpiSample {
  const p = PROFILES[resourceType] ?? DEFAULT_PROFILE;
  const t = at.getTime();
  const hourOfDay = (t % (24 * HOUR)) / HOUR;
  // Each element has its own level around its kind's mean, and a reading's noise changes each minute.
  const own = (unit(resourceId) - 0.5) * 10;
  const noise = (unit(`${resourceId}@${Math.floor(t / 60_000)}`) - 0.5) * 1;
  const daily = p.swing * Math.sin((2 * Math.PI * (hourOfDay - 8)) / 24);

  const active = degradations.filter((d) => t >= Date.parse(d.from) && (!d.until || t < Date.parse(d.until)));
  const apply = (kpi: Kpi, value: number) => {
    let v = value;
    for (const d of active.filter((x) => x.kpi === kpi && x.kind === 'trend'))
      v += (d.amount * (t - Date.parse(d.from))) / HOUR;
    for (const d of active.filter((x) => x.kpi === kpi && x.kind === 'step')) v = Math.max(v, d.amount);
    return v;
  };

  // Controls shed load: what is rerouted or policed no longer loads the element.
  const kept = controls
    .filter((c) => t >= Date.parse(c.effectiveFrom))
    .reduce((share, c) => share * (1 - c.shedPct / 100), 1);
  const utilisation = clamp(apply('utilisationPct', p.load + own + daily + noise) * kept, 0, 100);
  const rho = Math.min(utilisation, 98) / 100;
  // A queue: latency grows as 1 / (1 − load).
  const latency = apply('latencyMs', p.idleLatencyMs / (1 - rho));
  // A nearly full link drops what it cannot queue.
  const loss = apply('packetLossPct', utilisation > 90 ? (utilisation - 90) * 0.3 : unit(`${resourceId}#loss`) * 0.01);
  const errors = apply('errorsPerMin', Math.floor(unit(`${resourceId}#err`) * 3));
  return {
    resourceId,
    at: at.toISOString(),
    utilisationPct: round2(utilisation),
    latencyMs: round2(latency),
    packetLossPct: round2(Math.min(loss, 100)),
    errorsPerMin: round2(Math.max(errors, 0)),
  };
}

/** Makes an element's KPI drift by `perHour` from `from` on (a gradual degradation). */
export function injectTrend(
  db: Db,
  resourceId: string,
  t: { kpi?: Kpi; perHour: number; from: string; until?: string },
): void {
  insertDegradation(db, {
    resourceId,
    kpi: t.kpi ?? 'utilisationPct',
    kind: 'trend',
    amount: t.perHour,
    from: t.from,
    until: t.until,
  });
}

/** Makes an element's KPI jump to `value` from `from` (until `until`, if given): a hard crossing. */
export function injectCrossing(
  db: Db,
  resourceId: string,
  c: { kpi?: Kpi; value: number; from: string; until?: string },
): void {
  insertDegradation(db, {
    resourceId,
    kpi: c.kpi ?? 'utilisationPct',
    kind: 'step',
    amount: c.value,
    from: c.from,
    until: c.until,
  });
}

function insertDegradation(db: Db, d: Degradation): void {
  db.prepare(
    `INSERT INTO performance_degradations (resource_id, kpi, kind, amount, from_at, until_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(d.resourceId, d.kpi, d.kind, d.amount, d.from, d.until ?? null);
}

export interface PerformanceSimulator {
  /** What the element's counters read at `at`, with its injected degradations and controls. */
  read(resourceId: string, at: Date): KpiSample;
}

/** Reads the simulated counters from the store's elements and what was injected into them. */
export function createPerformanceSimulator(db: Db): PerformanceSimulator {
  return {
    read(resourceId, at) {
      const type =
        (db.prepare('SELECT resource_type FROM resources WHERE id = ?').pluck().get(resourceId) as
          string | undefined) ?? 'unknown';
      const degradations = (
        db
          .prepare(
            'SELECT resource_id, kpi, kind, amount, from_at, until_at FROM performance_degradations WHERE resource_id = ?',
          )
          .all(resourceId) as Array<{
          resource_id: string;
          kpi: Kpi;
          kind: 'trend' | 'step';
          amount: number;
          from_at: string;
          until_at: string | null;
        }>
      ).map((r) => ({
        resourceId: r.resource_id,
        kpi: r.kpi,
        kind: r.kind,
        amount: r.amount,
        from: r.from_at,
        until: r.until_at,
      }));
      const controls = (
        db
          .prepare('SELECT shed_pct, effective_from FROM performance_controls WHERE resource_id = ?')
          .all(resourceId) as Array<{ shed_pct: number; effective_from: string }>
      ).map((r) => ({ shedPct: r.shed_pct, effectiveFrom: r.effective_from }));
      return readAt(resourceId, type, at, degradations, controls);
    },
  };
}
