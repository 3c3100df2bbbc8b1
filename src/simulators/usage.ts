import type { Db } from '../adapters/sqlite/database';
import { formatCdr, type UsageEvent, type UsageType } from '../domain/billing/usage';

/**
 * The simulated network elements' usage: call records from voice ports, data session records
 * from fibre access ports and VPN access circuits, for the services that are active (and not
 * suspended). Deterministic from a seed, the element and the period, so a test knows what
 * the network produced. Each element numbers its records; a lost record leaves a gap in the
 * numbering and counts in `produced`, which is what the audit (1.AB.3.5.4) compares with.
 */

/** A small deterministic generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hash = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

export interface UsageSimulation {
  seed: number;
  voicePerService: number;
  dataPerService: number;
}

/** Sets the volume and seed of the records the elements produce per service and period. */
export function configureUsageSimulator(db: Db, s: Partial<UsageSimulation>): void {
  const cur = db
    .prepare('SELECT seed, voice_per_service, data_per_service FROM usage_simulation WHERE id = 1')
    .get() as {
    seed: number;
    voice_per_service: number;
    data_per_service: number;
  };
  db.prepare('UPDATE usage_simulation SET seed = ?, voice_per_service = ?, data_per_service = ? WHERE id = 1').run(
    s.seed ?? cur.seed,
    s.voicePerService ?? cur.voice_per_service,
    s.dataPerService ?? cur.data_per_service,
  );
}

/** Makes the next production emit that many duplicates (a record sent twice), malformed lines and lost records. */
export function injectUsageAnomalies(db: Db, a: { duplicates?: number; malformed?: number; lost?: number }): void {
  db.prepare(
    'UPDATE usage_simulation SET duplicates = duplicates + ?, malformed = malformed + ?, lost = lost + ? WHERE id = 1',
  ).run(a.duplicates ?? 0, a.malformed ?? 0, a.lost ?? 0);
}

/** The element that meters each kind of service, and what it meters. */
const METERED: Record<string, { usageType: UsageType; elementType: string }> = {
  'CFS-VOICE-LINE': { usageType: 'voice', elementType: 'port' },
  'CFS-FIBRE-ACCESS': { usageType: 'data', elementType: 'port' },
  'CFS-VPN-SITE': { usageType: 'data', elementType: 'access-circuit' },
};

export interface MeteredElement {
  elementId: string;
  serviceId: string;
  usageType: UsageType;
}

/** The elements of the active services of products that are not suspended. */
export function meteredElements(db: Db): MeteredElement[] {
  const rows = db
    .prepare(
      `SELECT s.id AS service_id, s.cfs_spec_id, r.id AS element_id, r.resource_type
         FROM services s JOIN resources r ON r.service_id = s.id
        WHERE s.state = 'active'
          AND NOT EXISTS (SELECT 1 FROM products p, json_each(p.service_ids) j
                           WHERE j.value = s.id AND p.status <> 'active')
        ORDER BY s.id, r.id`,
    )
    .all() as MeteringRow[];
  return meteredOf(rows);
}

/** An active service's resource, which meters the service's usage when it is the element its class meters on. */
export interface MeteringRow {
  service_id: string;
  cfs_spec_id: string;
  element_id: string;
  resource_type: string;
}

/** The metering elements among the services' resources (both stores read them so). */
export const meteredOf = (rows: readonly MeteringRow[]): MeteredElement[] =>
  rows
    .filter((r) => METERED[r.cfs_spec_id]?.elementType === r.resource_type)
    .map((r) => ({ elementId: r.element_id, serviceId: r.service_id, usageType: METERED[r.cfs_spec_id]!.usageType }));

function event(rand: () => number, el: MeteredElement, seq: number, startMs: number, spanMs: number): UsageEvent {
  const startedAt = new Date(startMs + Math.floor(rand() * spanMs)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (el.usageType === 'voice') {
    // Most calls are short, a few long: exponential around three minutes.
    const seconds = Math.max(1, Math.round(-Math.log(1 - rand()) * 180));
    const called = `+336${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
    return {
      usageType: 'voice',
      correlationId: `CALL-${el.elementId}-${seq}`,
      elementId: el.elementId,
      seq,
      startedAt,
      quantity: seconds,
      party: called,
    };
  }
  const megabytes = 50 + Math.floor(rand() * rand() * 4000);
  return {
    usageType: 'data',
    correlationId: `SESS-${el.elementId}-${seq}`,
    elementId: el.elementId,
    seq,
    startedAt,
    quantity: megabytes,
    party: 'internet',
  };
}

/** The simulator's settings as stored (usage_simulation), the anomalies still to inject among them. */
export interface SimulationRow {
  seed: number;
  voice_per_service: number;
  data_per_service: number;
  duplicates: number;
  malformed: number;
  lost: number;
}

/**
 * What the elements produce over [periodStart, periodEnd) (both stores write it): each element's
 * lines numbered after `producedBefore`, with the injected anomalies, the number each element
 * reached, and the anomalies left to inject.
 */
export function simulateProduction(
  sim: SimulationRow,
  elements: readonly MeteredElement[],
  producedBefore: (elementId: string) => number,
  periodStart: string,
  periodEnd: string,
): {
  lines: Array<{ elementId: string; seq: number; line: string }>;
  produced: Record<string, number>;
  left: { duplicates: number; malformed: number; lost: number };
} {
  const startMs = Date.parse(periodStart);
  const spanMs = Math.max(1000, Date.parse(periodEnd) - startMs);
  let { duplicates, malformed, lost } = sim;
  const lines: Array<{ elementId: string; seq: number; line: string }> = [];
  const produced: Record<string, number> = {};
  for (const el of elements) {
    const rand = prng(sim.seed ^ hash(`${el.elementId}@${periodStart}`));
    let seq = producedBefore(el.elementId);
    const count = el.usageType === 'voice' ? sim.voice_per_service : sim.data_per_service;
    let last: UsageEvent | undefined;
    for (let i = 0; i < count; i++) {
      seq++;
      if (lost > 0 && i === 1) {
        lost--; // numbered, never delivered: a gap
        continue;
      }
      const e = event(rand, el, seq, startMs, spanMs);
      const line =
        malformed > 0 && i === 2
          ? (malformed--, `${formatCdr(e).split(',').slice(0, 4).join(',')},not-a-time,,`)
          : formatCdr(e);
      lines.push({ elementId: el.elementId, seq, line });
      last = e;
      if (duplicates > 0 && i === 3 && last) {
        // The element sends the same record again under a new number.
        duplicates--;
        seq++;
        lines.push({ elementId: el.elementId, seq, line: formatCdr({ ...last, seq }) });
      }
    }
    produced[el.elementId] = seq;
  }
  return { lines, produced, left: { duplicates, malformed, lost } };
}

/**
 * The elements produce the records of [periodStart, periodEnd): `voicePerService` calls per
 * voice line, `dataPerService` sessions per data service, plus the injected anomalies.
 * Returns how many each element numbered.
 */
export function produceNetworkUsage(db: Db, periodStart: string, periodEnd: string): Record<string, number> {
  const sim = db.prepare('SELECT * FROM usage_simulation WHERE id = 1').get() as SimulationRow;
  const insert = db.prepare('INSERT INTO network_usage (element_id, seq, line, produced_at) VALUES (?, ?, ?, ?)');
  const counter = db.prepare(
    `INSERT INTO network_usage_counters (element_id, produced) VALUES (?, ?)
     ON CONFLICT (element_id) DO UPDATE SET produced = excluded.produced`,
  );
  const before = db.prepare('SELECT produced FROM network_usage_counters WHERE element_id = ?').pluck();
  return db.transaction(() => {
    const out = simulateProduction(
      sim,
      meteredElements(db),
      (elementId) => (before.get(elementId) as number | undefined) ?? 0,
      periodStart,
      periodEnd,
    );
    for (const l of out.lines) insert.run(l.elementId, l.seq, l.line, periodEnd);
    for (const [elementId, seq] of Object.entries(out.produced)) counter.run(elementId, seq);
    db.prepare('UPDATE usage_simulation SET duplicates = ?, malformed = ?, lost = ? WHERE id = 1').run(
      out.left.duplicates,
      out.left.malformed,
      out.left.lost,
    );
    return out.produced;
  })();
}
