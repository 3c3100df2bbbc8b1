import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { ServiceOrderAction, ServiceOrderState, ServiceState } from '../../domain/fulfilment/service-order';
import type { ServiceOrderRecord, ServiceParameter, ServiceRecord } from '../../ports/service-inventory';
import { type Db, json } from './database';

export interface OrderRow {
  id: string;
  product_order_id: string;
  item_id: string;
  customer_id: string;
  cfs_spec_id: string;
  region: string;
  action: ServiceOrderAction;
  state: ServiceOrderState;
  reason: string | null;
  service_id: string | null;
  design: string | null;
  work_plan: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface ServiceRow {
  id: string;
  cfs_spec_id: string;
  customer_id: string;
  region: string;
  state: ServiceState;
  characteristics: string;
  service_order_id: string;
  design: string;
  assurance: string | null;
  created_at: string;
  updated_at: string;
  activated_at: string | null;
  terminated_at: string | null;
}

export interface ParameterRow {
  service_id: string;
  name: string;
  value: string;
  resource_id: string;
  resource_spec_id: string;
  allocated_at: string;
  released_at: string | null;
}

export const toOrder = (r: OrderRow): ServiceOrderRecord => ({
  id: r.id,
  productOrderId: r.product_order_id,
  itemId: r.item_id,
  customerId: r.customer_id,
  cfsSpecId: r.cfs_spec_id,
  region: r.region,
  action: r.action,
  state: r.state,
  reason: r.reason,
  serviceId: r.service_id,
  design: json.parse(r.design),
  workPlan: json.parse(r.work_plan),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  completedAt: r.completed_at,
});

export const toService = (r: ServiceRow): ServiceRecord => ({
  id: r.id,
  cfsSpecId: r.cfs_spec_id,
  customerId: r.customer_id,
  region: r.region,
  state: r.state,
  characteristics: json.parse(r.characteristics),
  serviceOrderId: r.service_order_id,
  design: json.parse(r.design),
  assurance: json.parse(r.assurance),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  activatedAt: r.activated_at,
  terminatedAt: r.terminated_at,
});

export const toParameter = (r: ParameterRow): ServiceParameter => ({
  serviceId: r.service_id,
  name: r.name,
  value: r.value,
  resourceId: r.resource_id,
  resourceSpecId: r.resource_spec_id,
  allocatedAt: r.allocated_at,
  releasedAt: r.released_at,
});

/** The service inventory's rows read (or refused when missing), and the state history every move is logged in. */
export function serviceInventoryRecords(db: Db) {
  const orderRow = (id: string) =>
    db.prepare('SELECT * FROM service_orders WHERE id = ?').get(id) as OrderRow | undefined;
  const serviceRow = (id: string) =>
    db.prepare('SELECT * FROM services WHERE id = ?').get(id) as ServiceRow | undefined;
  const heldRows = (serviceId: string) =>
    db
      .prepare('SELECT * FROM service_parameters WHERE service_id = ? AND released_at IS NULL ORDER BY seq')
      .all(serviceId) as ParameterRow[];
  const logState = db.prepare(
    'INSERT INTO service_state_history (entity, entity_id, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const mustOrder = (id: string) => {
    const r = orderRow(id);
    if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `no service order ${id}`);
    return r;
  };
  const mustService = (id: string) => {
    const r = serviceRow(id);
    if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `no service ${id}`);
    return r;
  };
  return { orderRow, serviceRow, heldRows, logState, mustOrder, mustService };
}
