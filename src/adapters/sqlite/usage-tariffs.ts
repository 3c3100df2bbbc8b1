import { Tariff } from '../../domain/billing/rating';
import type { UsageType } from '../../domain/billing/usage';
import type { UsagePort } from '../../ports/usage';
import { type Db, once } from './database';

export interface TariffRow {
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
export const toTariff = (r: TariffRow): Tariff =>
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

/** Every tariff, in id order: what mediation guides records to and rating applies. */
export const allTariffs = (db: Db): Tariff[] =>
  (db.prepare('SELECT * FROM tariffs ORDER BY id').all() as TariffRow[]).map(toTariff);

/**
 * The tariffs in force for mediation and rating: those of the rating reference data 1.O.2.1.5
 * last versioned for each service class (its snapshots), so a tariff change reaches rating once
 * it is versioned. An offering no versioned class sells (a store readiness never ran on) is
 * rated on the tariff table as it stands.
 */
export function tariffsInForce(db: Db): Tariff[] {
  const snapshots = db
    .prepare(
      `SELECT v.content FROM rating_reference_versions v
        WHERE v.version = (SELECT MAX(w.version) FROM rating_reference_versions w WHERE w.cfs_spec_id = v.cfs_spec_id)
        ORDER BY v.recorded_at, v.id`,
    )
    .pluck()
    .all() as string[];
  return inForce(snapshots, allTariffs(db));
}

/** The tariffs in force from the latest versions' contents (JSON text) and the tariff table (both stores). */
export function inForce(snapshots: readonly string[], table: Tariff[]): Tariff[] {
  if (!snapshots.length) return table;
  const covered = new Set<string>();
  const versioned = new Map<string, Tariff>();
  for (const raw of snapshots) {
    const content = JSON.parse(raw) as { prices?: Array<{ offering: string | null }>; tariffs?: TariffRow[] };
    for (const p of content.prices ?? []) if (p.offering) covered.add(p.offering);
    for (const t of content.tariffs ?? []) versioned.set(t.id, toTariff(t));
  }
  const unversioned = table.filter((t) => !covered.has(t.productOfferingId));
  return [...versioned.values(), ...unversioned].sort((a, b) => a.id.localeCompare(b.id));
}

/** The tariffs usage is rated on, one per product offering and usage type. */
export function createSqliteTariffs(
  db: Db,
): Pick<UsagePort, 'tariffs' | 'tariffFor' | 'upsertTariff' | 'removeTariff'> {
  const tariffs: ReturnType<typeof createSqliteTariffs> = {
    async tariffs() {
      return allTariffs(db);
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
      return (await tariffs.tariffFor(t.productOfferingId, t.usageType))!;
    },
    async removeTariff(key, tariffId) {
      once(db, key, 'removeTariff', () => db.prepare('DELETE FROM tariffs WHERE id = ?').run(tariffId).changes);
    },
  };
  return tariffs;
}
