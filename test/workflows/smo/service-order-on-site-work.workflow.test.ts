import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure, defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { ResourceOrderResult } from '../../../src/domain/fulfilment/resource-order';
import type { ServiceOrderRequest } from '../../../src/domain/fulfilment/service-order';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { workOrderCompletedSignal } from '../../../workflows/shared/assurance-messages';
import { workOrderAssigned } from '../../support/assurance';
import { eventually, TEST_TIMINGS } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

/** A fibre access in Paris: its design needs a technician on site (skill fibre). */
const fibre = (rt: TestRuntime, name: string): ServiceOrderRequest => ({
  serviceOrderId: rt.id(name),
  productOrderId: rt.id(`order-${name}`),
  itemId: '1',
  action: 'add',
  timings: FulfilmentTimings.parse(TEST_TIMINGS),
  cfsSpecId: 'CFS-FIBRE-ACCESS',
  region: 'PAR',
  customerId: 'CUST-1001',
  characteristics: { bandwidthMbps: 1000 },
});

const start = (rt: TestRuntime, req: ServiceOrderRequest) =>
  rt.client.workflow.start('serviceOrder', { taskQueue: rt.queue('smo'), workflowId: req.serviceOrderId, args: [req] });

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const events = async (rt: TestRuntime, workflowId: string): Promise<HistoryEvent[]> =>
  (await rt.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];

/** Each scheduled activity as `type:action`, in history order. */
const scheduled = (history: HistoryEvent[]) =>
  history.flatMap((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    if (!a) return [];
    const input = defaultPayloadConverter.fromPayload<{ action?: string }>(a.input!.payloads![0]!);
    return [`${a.activityType?.name}:${input.action ?? ''}`];
  });

const workPlan = (rt: TestRuntime, serviceOrderId: string) =>
  JSON.parse(
    rt.store.db.prepare('SELECT work_plan FROM service_orders WHERE id = ?').pluck().get(serviceOrderId) as string,
  ) as { state: string; workOrderId: string | null; technicianId: string | null };

type Order = Awaited<ReturnType<typeof start>>;
type Assigned = Awaited<ReturnType<typeof workOrderAssigned>>;

/** The test plays the technician: no simulated installer; the order started, its work order assigned. */
const onSite = (name: string, body: (rt: TestRuntime, handle: Order, wo: Assigned) => Promise<void>) =>
  withWorkers(
    async (rt) => {
      const handle = await start(rt, fibre(rt, name));
      await body(rt, handle, await workOrderAssigned(rt, handle.workflowId));
    },
    { installers: false },
  );

/** The technician's report, as their app sends it to the visit. */
const report = (rt: TestRuntime, handle: Order, wo: Assigned, outcome: 'fixed' | 'notFixed', notes: string) =>
  rt.client.workflow
    .getHandle(`${handle.workflowId}/WO`)
    .signal(workOrderCompletedSignal, { workOrderId: wo.id, outcome, notes });

describe('serviceOrder: the on-site work goes through Manage Workforce (1.F.2.2.3 -> 1.O.3.1.6)', () => {
  it('a fibre install is a workOrder on the RM&O queue, done when the technician reports it', async () => {
    await withWorkers(async (rt) => {
      const handle = await start(rt, fibre(rt, 'fibre-wo'));
      const result = await handle.result();
      expect(result.state).toBe('completed');

      // The visit is RM&O's workOrder child, at <order>/WO, where the installer reported.
      const woId = `${handle.workflowId}/WO`;
      const wo = rt.client.workflow.getHandle(woId);
      const desc = await wo.describe();
      expect(desc.type).toBe('workOrder');
      expect(desc.taskQueue).toBe(rt.queue('rmo'));
      expect(desc.status.name).toBe('COMPLETED');
      expect(await wo.result()).toMatchObject({ outcome: 'fixed', technicianId: 'TECH-01', escalated: false });
      const woHistory = await events(rt, woId);
      expect(scheduled(woHistory)).toEqual(['manageWorkforce:dispatch', 'manageWorkforce:complete']);
      expect(
        woHistory.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'workOrderCompleted'),
      ).toBe(true);
      const dispatched = defaultPayloadConverter.fromPayload<Record<string, unknown>>(
        woHistory.find((e) => e.activityTaskScheduledEventAttributes)!.activityTaskScheduledEventAttributes!.input!
          .payloads![0]!,
      );
      // The fulfilment flow's own target for on-site work (TEST_TIMINGS' workOrderTimeout).
      expect(dispatched).toMatchObject({ kind: 'install', skill: 'fibre', region: 'PAR' });
      expect(dispatched['repairTarget']).toBe(FulfilmentTimings.parse(TEST_TIMINGS).workOrderTimeout);

      // One work order, closed by 1.O.3.1.6 with the technician's report; the plan names it.
      const rows = await rt.store.ports.workforce.byReference(handle.workflowId);
      expect(rows.map((r) => `${r.kind}:${r.technicianId}:${r.state}`)).toEqual(['install:TECH-01:completed']);
      expect(rows[0]!.notes).toMatch(/\nfixed: installed and tested on site \(simulated technician TECH-01\)$/);
      expect(workPlan(rt, handle.workflowId)).toMatchObject({
        state: 'completed',
        workOrderId: rows[0]!.id,
        technicianId: 'TECH-01',
      });

      // SM&O closes 1.F.2.2.3 only once the visit ended, then implements.
      const order = await events(rt, handle.workflowId);
      const visitEnded = order.findIndex(
        (e) => e.childWorkflowExecutionCompletedEventAttributes?.workflowExecution?.workflowId === woId,
      );
      const acts = order.map((e, i) => ({ i, a: scheduled([e])[0] })).filter((x) => x.a);
      const at = (a: string) => acts.find((x) => x.a === a)!.i;
      expect(visitEnded).toBeGreaterThan(at('trackAndManageWorkOrders:dispatch'));
      expect(at('trackAndManageWorkOrders:complete')).toBeGreaterThan(visitEnded);
      expect(at('implementConfigureAndActivateService:implement')).toBeGreaterThan(visitEnded);
      expect(order.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
      const layers = (await traceProcesses(rt.client, handle.workflowId)).map((p) => `${p.layer} ${p.etomId}`);
      expect(layers).toContain('RM&O 1.O.3.1.6');
    });
  });

  it('waits for the technician: nothing is implemented before the report, which then completes the order', async () => {
    await onSite('fibre-wait', async (rt, handle, wo) => {
      // The resource order is done and the order has nothing left to run but the visit.
      await rt.client.workflow.getHandle(`${handle.workflowId}/RO`).result();
      const idle = await eventually(async () => {
        const d = await handle.describe();
        const raw = d.raw.pendingActivities ?? [];
        return raw.length === 0 && (d.raw.pendingChildren ?? []).length === 1 ? d : undefined;
      }, 'the order waiting on the visit alone');
      expect(idle.raw.pendingChildren?.[0]?.workflowId).toBe(`${handle.workflowId}/WO`);
      const before = scheduled(await events(rt, handle.workflowId));
      expect(before).not.toContain('trackAndManageWorkOrders:complete');
      expect(before).not.toContain('implementConfigureAndActivateService:implement');
      expect(workPlan(rt, handle.workflowId)).toMatchObject({ state: 'dispatched', workOrderId: null });

      await report(rt, handle, wo, 'fixed', 'ONT fitted, light levels good');
      expect((await handle.result()).state).toBe('completed');
      expect((await rt.store.ports.workforce.get(wo.id))?.notes).toMatch(/\nfixed: ONT fitted, light levels good$/);
    });
  });

  it('a technician who could not install fails the order, and everything is given back', async () => {
    await onSite('fibre-no-access', async (rt, handle, wo) => {
      await report(rt, handle, wo, 'notFixed', 'no access to the building');
      const result = await handle.result();
      expect(result.state).toBe('failed');
      expect(result.reason).toBe(`on-site install not done (work order ${wo.id}): notFixed: no access to the building`);
      expect(scheduled(await events(rt, handle.workflowId))).not.toContain('trackAndManageWorkOrders:complete');
      // What RM&O had configured for it is back in the pool.
      const ro = (await rt.client.workflow.getHandle(`${handle.workflowId}/RO`).result()) as ResourceOrderResult;
      expect(ro.resources.length).toBeGreaterThan(0);
      const states = ro.resources.map(
        (r) => rt.store.db.prepare('SELECT state FROM resources WHERE id = ?').pluck().get(r.id) as string,
      );
      expect(new Set(states)).toEqual(new Set(['available']));
    });
  });

  it('cancelled while the technician is on site: the visit is called off and the work order cancelled', async () => {
    await onSite('fibre-cancel', async (rt, handle, wo) => {
      await handle.cancel();
      const err = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect((await rt.store.ports.workforce.get(wo.id))?.state).toBe('cancelled');
      const visit = await rt.client.workflow.getHandle(`${handle.workflowId}/WO`).describe();
      expect(visit.status.name).toBe('CANCELLED');
      expect(scheduled(await events(rt, `${handle.workflowId}/WO`))).toEqual([
        'manageWorkforce:dispatch',
        'manageWorkforce:cancel',
      ]);
    });
  });
});
