import { defaultPayloadConverter } from '@temporalio/common';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import type { ServiceOrderRequest } from '../../../src/domain/fulfilment/service-order';
import { TEST_TIMINGS } from '../../support/fulfilment';
import type { TestRuntime } from '../../support/runtime';

/**
 * What the service order workflow tests share (split in
 * service-configuration-activation-orders.workflow.test.ts and -design.workflow.test.ts): the
 * services ordered, a request and its start on SM&O's queue, reads of the store, and the inputs
 * a workflow gave its activities.
 */

export type Case = Pick<ServiceOrderRequest, 'cfsSpecId' | 'region' | 'customerId' | 'characteristics'>;
export const FIBRE: Case = {
  cfsSpecId: 'CFS-FIBRE-ACCESS',
  region: 'PAR',
  customerId: 'CUST-1001',
  characteristics: { bandwidthMbps: 1000 },
};
export const STATIC_IP: Case = {
  cfsSpecId: 'CFS-STATIC-IP',
  region: 'PAR',
  customerId: 'CUST-1001',
  characteristics: {},
};
export const VPN: Case = {
  cfsSpecId: 'CFS-VPN-SITE',
  region: 'MRS',
  customerId: 'CUST-1002',
  characteristics: { vpnName: 'MARTIN', bandwidthMbps: 100 },
};
export const VOICE: Case = { cfsSpecId: 'CFS-VOICE-LINE', region: 'PAR', customerId: 'CUST-1006', characteristics: {} };

export function request(
  rt: TestRuntime,
  name: string,
  c: Case,
  extra: Partial<ServiceOrderRequest> = {},
): ServiceOrderRequest {
  return {
    serviceOrderId: rt.id(name),
    productOrderId: rt.id(`order-${name}`),
    itemId: '1',
    action: 'add',
    timings: FulfilmentTimings.parse(TEST_TIMINGS),
    ...c,
    ...extra,
  };
}

export const start = (rt: TestRuntime, req: ServiceOrderRequest, workflowId = req.serviceOrderId) =>
  rt.client.workflow.start('serviceOrder', { taskQueue: rt.queue('smo'), workflowId, args: [req] });

export const count = (rt: TestRuntime, sql: string, ...a: unknown[]) =>
  rt.store.db
    .prepare(sql)
    .pluck()
    .get(...a) as number;
export const column = (rt: TestRuntime, sql: string, ...a: unknown[]) =>
  rt.store.db
    .prepare(sql)
    .pluck()
    .all(...a);

/** The inputs of one activity type, in the order the workflow scheduled them. */
export async function activityInputs(rt: TestRuntime, workflowId: string, activityType: string) {
  const events = (await rt.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return events
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a) => a?.activityType?.name === activityType)
    .map((a) => defaultPayloadConverter.fromPayload<Record<string, unknown>>(a!.input!.payloads![0]!));
}
