import type { ServiceOrderRequest, ServiceOrderResult } from '../../../src/domain/fulfilment/service-order';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { TEST_TIMINGS } from '../../support/fulfilment';
import type { TestRuntime } from '../../support/runtime';

/** What the tests of service orders that change a service in service (#12) share: a Paris fibre access. */
const FIBRE = { cfsSpecId: 'CFS-FIBRE-ACCESS', region: 'PAR', customerId: 'CUST-1001' };

/** A service order on the fibre access, `add` at 1000 Mbps unless `extra` says otherwise. */
export const fibreOrder = (
  rt: TestRuntime,
  name: string,
  extra: Partial<ServiceOrderRequest>,
): ServiceOrderRequest => ({
  serviceOrderId: rt.id(name),
  productOrderId: rt.id(`order-${name}`),
  itemId: '1',
  action: 'add',
  characteristics: { bandwidthMbps: 1000 },
  timings: FulfilmentTimings.parse(TEST_TIMINGS),
  ...FIBRE,
  ...extra,
});

export const runServiceOrder = (rt: TestRuntime, req: ServiceOrderRequest): Promise<ServiceOrderResult> =>
  rt.client.workflow.execute('serviceOrder', {
    taskQueue: rt.queue('smo'),
    workflowId: req.serviceOrderId,
    args: [req],
  });

export const rows = (rt: TestRuntime, sql: string, ...a: unknown[]) =>
  rt.store.db
    .prepare(sql)
    .pluck()
    .all(...a);

/** An order's action and state, as `action:state`, from the table that records it. */
export const orderState = (rt: TestRuntime, table: 'service_orders' | 'resource_orders', id: string) =>
  rows(rt, `SELECT action || ':' || state FROM ${table} WHERE id = ?`, id)[0];
