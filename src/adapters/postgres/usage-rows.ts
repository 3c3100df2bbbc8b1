import type { Tariff } from '../../domain/billing/rating';
import { type RecordRow, toUsageRecord } from '../sqlite/usage-records';
import { inForce, type TariffRow, toTariff } from '../sqlite/usage-tariffs';
import type { Pool, Tx } from './database';
import { sqliteShaped } from './rows';

/** Usage's reads on PostgreSQL shared by its adapter's parts, through the SQLite adapter's row mappers. */

export const RECORD_BIGINTS = ['id', 'element_seq', 'quantity', 'units', 'allowance_units', 'charge_minor'];
export const recordOf = (r: object) => toUsageRecord(sqliteShaped<RecordRow>(r, RECORD_BIGINTS));

export const allTariffs = async (db: Pool | Tx): Promise<Tariff[]> =>
  (await db.query('SELECT * FROM tariffs ORDER BY id COLLATE "C"')).rows.map((r) =>
    toTariff(sqliteShaped<TariffRow>(r)),
  );

/** The tariffs in force: those of the rating reference data last versioned per class, else the table's (see the SQLite store's). */
export async function tariffsInForce(db: Pool | Tx): Promise<Tariff[]> {
  const { rows } = await db.query<{ content: unknown }>(
    `SELECT v.content FROM rating_reference_versions v
      WHERE v.version = (SELECT MAX(w.version) FROM rating_reference_versions w WHERE w.cfs_spec_id = v.cfs_spec_id)
      ORDER BY v.recorded_at, v.id`,
  );
  return inForce(
    rows.map((r) => JSON.stringify(r.content)),
    await allTariffs(db),
  );
}

/** `column = $n` conditions for the filters given, and their values. */
export function conditions(filters: Record<string, string | undefined>): { where: string[]; args: string[] } {
  const set = Object.entries(filters).filter((f): f is [string, string] => !!f[1]);
  return { where: set.map(([column], i) => `${column} = $${i + 1}`), args: set.map(([, value]) => value) };
}
