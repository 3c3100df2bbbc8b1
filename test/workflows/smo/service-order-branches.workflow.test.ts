import path from 'node:path';
import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import type { ServiceOrderRequest } from '../../../src/domain/fulfilment/service-order';
import type { serviceOrder } from '../../../workflows/smo/service-configuration-activation';
import { SAGA_ATTEMPTS_EVERY_UNDO } from '../../../workflows/smo/service-order/provide';
import { TEST_TIMINGS } from '../../support/fulfilment';
import { type StubRuntime, withStubWorkers } from '../shared/stubs/stub-worker';
import { type Script, stubSmoActivities } from './stubs/smo-activities';
import { NEVER_DELIVERED } from './stubs/service-order.workflows';

/**
 * The service order's branching (1.F.2.2), fast: the real workflow, SM&O's processes as stub
 * functions that record their calls, and stub RM&O and S/PRM children. What the order did is
 * read from the recorded calls and from its history.
 */
const workflowsPath = path.resolve(__dirname, 'stubs/service-order.workflows.ts');
type Event = temporal.api.history.v1.IHistoryEvent;

function run<T>(script: Script, body: (rt: StubRuntime, stub: ReturnType<typeof stubSmoActivities>) => Promise<T>) {
  const stub = stubSmoActivities(script);
  return withStubWorkers({ workflowsPath, activities: stub.activities, layers: ['smo', 'rmo', 'sprm'] }, (rt) =>
    body(rt, stub),
  );
}

const start = (rt: StubRuntime, name: string) => {
  const serviceOrderId = rt.id(name);
  const req: ServiceOrderRequest = {
    serviceOrderId,
    productOrderId: `PO-${serviceOrderId}`,
    itemId: '1',
    customerId: 'CUST-1001',
    region: 'PAR',
    cfsSpecId: 'CFS-FIBRE-ACCESS',
    action: 'add',
    characteristics: {},
    timings: FulfilmentTimings.parse(TEST_TIMINGS),
  };
  return rt.client.workflow.start<typeof serviceOrder>('serviceOrder', {
    taskQueue: rt.queue('smo'),
    workflowId: serviceOrderId,
    args: [req],
  });
};

const events = async (rt: StubRuntime, workflowId: string): Promise<Event[]> =>
  (await rt.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
const activityTypes = (history: Event[]) =>
  history.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
const childrenStarted = (history: Event[]) =>
  history.flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ?? []);
/** Whether the run took the saga patch: a marker naming it is in its history. */
const sagaPatched = (history: Event[]) =>
  history.some((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? Buffer.from(data).toString().includes(SAGA_ATTEMPTS_EVERY_UNDO) : false;
  });

describe('serviceOrder branching, with stubbed processes and children', () => {
  it('goes back to implementation twice, then to design, when the end-to-end test keeps failing', async () => {
    await run({ testFailures: 3 }, async (rt, stub) => {
      const handle = await start(rt, 'redesign');
      const result = await handle.result();
      expect(result).toMatchObject({ state: 'completed', serviceId: 'SVC-STUB', resourceIds: ['RES-1'] });
      expect(stub.names().filter((n) => /implement|testService|redesign|activateService/.test(n))).toEqual([
        'implementConfigureAndActivateService:implement',
        'testServiceEndToEnd',
        'implementConfigureAndActivateService:implement',
        'testServiceEndToEnd',
        'implementConfigureAndActivateService:implement',
        'testServiceEndToEnd',
        'designSolution:redesign',
        'implementConfigureAndActivateService:implement',
        'testServiceEndToEnd',
        'activateService:activate',
      ]);
      const redesign = stub.calls.find((c) => c.name === 'designSolution:redesign');
      expect(redesign?.input['reason']).toMatch(/^end-to-end test failed 3 times: .*no light on the line \(3\)/);
      const history = await events(rt, handle.workflowId);
      expect(activityTypes(history).filter((t) => t === 'testServiceEndToEnd')).toHaveLength(4);
      expect(childrenStarted(history)).toEqual([`${handle.workflowId}/RA`, `${handle.workflowId}/RO`]);
      expect(sagaPatched(history)).toBe(false);
    });
  });

  it('undoes newest first and still undoes the older steps when an undo in the middle fails', async () => {
    await run({ workOrdersRefused: true, releaseRefused: true }, async (rt, stub) => {
      const handle = await start(rt, 'undo-fails');
      const err = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('CompensationIncomplete');
      expect(cause?.message).toMatch(/the technician found no access; not undone: 1\.F\.2\.2\.2 .*pool offline/);
      const undos = stub.names().slice(stub.names().indexOf('trackAndManageWorkOrders:complete') + 1);
      expect(undos).toEqual([
        'trackAndManageWorkOrders:cancel',
        'allocateSpecificServiceParameters:release', // fails…
        'activateService:deactivate', // …and the older step is still undone
      ]);
      expect(stub.calls.at(-1)?.input['closeOrder']).toMatchObject({ state: 'failed' });
      const history = await events(rt, handle.workflowId);
      // The resource order had completed: it is taken back by its own undo order, between the two.
      expect(childrenStarted(history)).toEqual([
        `${handle.workflowId}/RA`,
        `${handle.workflowId}/RO`,
        `${handle.workflowId}/RO-undo`,
      ]);
      expect(sagaPatched(history)).toBe(true);
    });
  });

  it('on cancellation, cancels the children still running and undoes every step, newest first', async () => {
    await run({ supplierComponents: [NEVER_DELIVERED] }, async (rt, stub) => {
      const handle = await start(rt, 'cancel');
      const partner = `${handle.workflowId}/PR-${NEVER_DELIVERED}`;
      // Cancel while the order waits for the supplier (the partner order has started).
      for (;;) {
        const history = await events(rt, handle.workflowId);
        if (
          history.some((e) => e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId === partner)
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await handle.cancel();
      const err = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      const undos = stub.names().slice(stub.names().indexOf('trackAndManageWorkOrders:dispatch') + 1);
      expect(undos).toEqual([
        'trackAndManageWorkOrders:cancel',
        'allocateSpecificServiceParameters:release',
        'activateService:deactivate',
      ]);
      expect(stub.calls.at(-1)?.input['closeOrder']).toMatchObject({ state: 'cancelled' });
      const history = await events(rt, handle.workflowId);
      const cancelled = history.flatMap(
        (e) => e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes?.workflowExecution?.workflowId ?? [],
      );
      // Newest first: the partner order, then (after the work orders) the resource order.
      expect(cancelled).toEqual([partner, `${handle.workflowId}/RO`]);
      expect(childrenStarted(history)).not.toContain(`${handle.workflowId}/RO-undo`);
      expect(sagaPatched(history)).toBe(false);
    });
  });
});
