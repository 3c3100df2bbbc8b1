import type { AcceptanceItem } from '../../ports/resource-acceptance';
import type { Shortfall } from '../../ports/capacity-shortfalls';
import { type Db, json } from './database';

/**
 * SQL the readiness adapters share: rows as records, a resource's state change written to its
 * history, a resource handed over for acceptance, and a capacity shortfall read back.
 */

export type Row = Record<string, string | number | null>;

/** Every row a query returns, as a record. */
export const rowsOf =
  (db: Db) =>
  (sql: string, ...params: unknown[]) =>
    db.prepare(sql).all(...params) as Row[];

/** Writes a resource's change of state to its history. */
export function recordStateChange(db: Db, at: string, resourceId: string, from: string, to: string, reason: string) {
  return db
    .prepare(
      `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?)`,
    )
    .run(resourceId, from, to, reason, at);
}

/** Hands a resource over to operations for acceptance (again, if it was handed over before). */
export function handOverForAcceptance(
  db: Db,
  at: string,
  resourceId: string,
  reason: AcceptanceItem['reason'],
  source: string,
) {
  return db
    .prepare(
      `INSERT INTO resource_acceptance (resource_id, reason, source, state, handed_over_at) VALUES (?, ?, ?, 'pending', ?)
       ON CONFLICT (resource_id) DO UPDATE SET reason = excluded.reason, source = excluded.source, state = 'pending',
         detail = NULL, handed_over_at = excluded.handed_over_at, tested_at = NULL`,
    )
    .run(resourceId, reason, source, at);
}

export const toShortfall = (r: Row): Shortfall => ({
  id: String(r['id']),
  resourceSpecId: String(r['resource_spec_id']),
  region: String(r['region']),
  available: Number(r['available']),
  total: Number(r['total']),
  state: r['state'] as Shortfall['state'],
  addedResourceIds: json.parse<string[]>(String(r['added_resource_ids'])),
});
