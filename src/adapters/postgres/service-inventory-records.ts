import { BusinessErrorType, reject } from '../../contracts/errors';
import {
  type OrderRow,
  type ParameterRow,
  type ServiceRow,
  toOrder,
  toParameter,
  toService,
} from '../sqlite/service-inventory-records';
import type { Pool, Tx } from './database';
import { sqliteShaped } from './rows';

/**
 * The service inventory's rows on PostgreSQL read in the SQLite store's shape, so its mappers
 * (toOrder, toService, toParameter) read both stores; jsonb is read as its text, so any JSON
 * value a design holds is parsed alike. `lock` takes the row FOR UPDATE until the transaction ends.
 */

export type Db = Pool | Tx;

const ORDER = `id, product_order_id, item_id, customer_id, cfs_spec_id, region, action, state, reason, service_id,
  design::text AS design, work_plan::text AS work_plan, created_at, updated_at, completed_at`;
const SERVICE = `id, cfs_spec_id, customer_id, region, state, characteristics::text AS characteristics, service_order_id,
  design::text AS design, assurance::text AS assurance, created_at, updated_at, activated_at, terminated_at`;
const PARAMETER = 'service_id, name, value, resource_id, resource_spec_id, allocated_at, released_at';

const read =
  <T>(table: string, columns: string) =>
  async (db: Db, where: string, params: unknown[], tail = ''): Promise<T[]> =>
    (await db.query(`SELECT ${columns} FROM ${table} WHERE ${where} ${tail}`, params)).rows.map((r) =>
      sqliteShaped<T>(r),
    );

export const orderRows = read<OrderRow>('service_orders', ORDER);
export const serviceRows = read<ServiceRow>('services', SERVICE);

export const orderRow = async (db: Db, id: string, lock = false) =>
  (await orderRows(db, 'id = $1', [id], lock ? 'FOR UPDATE' : ''))[0];
export const serviceRow = async (db: Db, id: string, lock = false) =>
  (await serviceRows(db, 'id = $1', [id], lock ? 'FOR UPDATE' : ''))[0];

export const mustOrder = async (db: Db, id: string, lock = false) =>
  (await orderRow(db, id, lock)) ?? reject(BusinessErrorType.NotFound, `no service order ${id}`);
export const mustService = async (db: Db, id: string, lock = false) =>
  (await serviceRow(db, id, lock)) ?? reject(BusinessErrorType.NotFound, `no service ${id}`);

/** The identifiers a service holds now, in the order they were taken. */
export const heldRows = async (db: Db, serviceId: string) =>
  (
    await db.query(
      `SELECT ${PARAMETER} FROM service_parameters WHERE service_id = $1 AND released_at IS NULL ORDER BY seq`,
      [serviceId],
    )
  ).rows.map((r) => sqliteShaped<ParameterRow>(r));

export const logState = (
  tx: Tx,
  entity: 'serviceOrder' | 'service',
  id: string,
  from: string | null,
  to: string,
  reason: string | null,
  at: string,
) =>
  tx.query(
    'INSERT INTO service_state_history (entity, entity_id, from_state, to_state, reason, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [entity, id, from, to, reason, at],
  );

export { toOrder, toParameter, toService };
