import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { type AlarmSurveillanceRequestInput, ingestAlarms } from '../../../src/assurance/alarm-ingest';
import type { ResourceTroubleResult, ServiceProblemRequest } from '../../../src/domain/assurance/messages';
import { DEMO_ASSURANCE_TIMINGS } from '../../../src/domain/assurance/timings';
import type { AlarmEvent } from '../../../src/ports/alarms';
import { cardFailure, falseAlarm, transientAlarm } from '../../../src/simulators/alarms';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { buildTrace } from '../../../src/trace/build';
import { clientSource } from '../../../src/trace/history';
import { getAlarmSurveillanceQuery } from '../../../workflows/shared/assurance-messages';
import { eventually } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const withBase = { installedBase: true };

function surveillance(rt: TestRuntime, batchesPerRun = 50) {
  const workflowId = rt.id('alarm-surveillance');
  const request: AlarmSurveillanceRequestInput = {
    timings: DEMO_ASSURANCE_TIMINGS,
    troubleIdPrefix: `RT-${rt.prefix}`,
    batchesPerRun,
  };
  const handle = rt.client.workflow.getHandle(workflowId);
  return {
    handle,
    send: (events: AlarmEvent[], batchSize = 100) =>
      ingestAlarms(
        {
          client: rt.client,
          alarms: rt.store.ports.alarms,
          request,
          workflowId,
          taskQueuePrefix: rt.prefix,
          batchSize,
        },
        events,
      ),
    stop: () => handle.terminate('test over').catch(() => undefined),
  };
}

const troubleIds = (rt: TestRuntime) =>
  rt.store.db.prepare('SELECT id FROM resource_troubles ORDER BY id').pluck().all() as string[];

/** The children a workflow started, read from its history: type, id, queue and input. */
async function childrenOf(rt: TestRuntime, workflowId: string) {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)
    .filter((a) => a != null)
    .map((a) => ({
      workflowType: a.workflowType?.name,
      workflowId: a.workflowId,
      taskQueue: a.taskQueue?.name,
      parentClosePolicy: a.parentClosePolicy,
      input: defaultPayloadConverter.fromPayload(a.input!.payloads![0]!),
    }));
}

/** The activities a workflow ran, read from its history: type, input and result. */
async function activitiesOf(rt: TestRuntime, workflowId: string) {
  const events = (await rt.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const bySchedule = new Map<string, { activityType: string; input: unknown; result?: unknown }>();
  for (const e of events) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s) {
      bySchedule.set(String(e.eventId), {
        activityType: s.activityType!.name!,
        input: defaultPayloadConverter.fromPayload(s.input!.payloads![0]!),
      });
    }
    const c = e.activityTaskCompletedEventAttributes;
    if (c)
      bySchedule.get(String(c.scheduledEventId))!.result = defaultPayloadConverter.fromPayload(c.result!.payloads![0]!);
  }
  return [...bySchedule.values()];
}

describe('alarm to resolve: alarmSurveillance (1.A.3.3.1) and resourceTrouble (1.A.3.3)', () => {
  it('folds a storm on CARD-PAR-1-1 into one trouble, switches to the mate card and reports to SM&O for exactly its services', async () => {
    await withWorkers(async (rt) => {
      const s = surveillance(rt, 2);
      try {
        const storm = cardFailure(rt.store.db, 'CARD-PAR-1-1', { repeats: 40 });
        expect(storm.length).toBe(369);
        const batches = await s.send(storm);
        expect(batches).toHaveLength(4);

        const [troubleId] = await eventually(async () => {
          const ids = troubleIds(rt);
          return ids.length ? ids : undefined;
        }, 'a resource trouble');
        const trouble: WorkflowHandle = rt.client.workflow.getHandle(troubleId!);
        const result = (await trouble.result()) as ResourceTroubleResult;
        expect(result).toMatchObject({
          troubleId,
          state: 'closed',
          resourceId: 'CARD-PAR-1-1',
          recovery: 'switchedToRedundant',
          serviceProblemIds: [`SP-${troubleId}-SVC-IB01-1`, `SP-${troubleId}-SVC-IB02-1`],
        });
        // One trouble for the whole storm; every alarm accounted for under its root cause.
        expect(troubleIds(rt)).toEqual([troubleId]);
        expect(rt.store.db.prepare('SELECT COUNT(*) FROM alarms WHERE root_cause_id = ?').pluck().get(troubleId)).toBe(
          369,
        );
        const view = await s.handle.query(getAlarmSurveillanceQuery);
        expect(view.totals).toMatchObject({ batches: 4, in: 369, merged: 360, folded: 8, rootCauses: 1 });
        // Four batches at two per run: the surveillance continued as new (its run came from an earlier one).
        const started = (await s.handle.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
        const previousRun = started.continuedExecutionRunId;
        expect(previousRun).toBeTruthy();

        // The inventory: the card out of service, its mate carries the traffic, the card flagged.
        const db = rt.store.db;
        expect(db.prepare("SELECT state FROM resources WHERE id = 'CARD-PAR-1-1'").pluck().get()).toBe('outOfService');
        expect(db.prepare('SELECT working_id, protecting_id FROM protection_switches').all()).toEqual([
          { working_id: 'CARD-PAR-1-1', protecting_id: 'CARD-PAR-1-2' },
        ]);
        expect((await rt.store.ports.networkActivation.testService('SVC-IB01-1')).passed).toBe(true);

        // SM&O: a service problem for each service on the card's ports, none for SVC-IB03-1 on the mate.
        const children = await childrenOf(rt, troubleId!);
        expect(children.map((c) => c.workflowId)).toEqual([`SP-${troubleId}-SVC-IB01-1`, `SP-${troubleId}-SVC-IB02-1`]);
        for (const c of children) {
          expect(c.workflowType).toBe('serviceProblem');
          expect(c.taskQueue).toBe(rt.queue('smo'));
          const input = c.input as ServiceProblemRequest;
          expect(input).toMatchObject({
            origin: 'resourceTrouble',
            resourceTrouble: { troubleId, resourceId: 'CARD-PAR-1-1', workflowId: troubleId },
          });
        }
        expect(children.map((c) => (c.input as ServiceProblemRequest).customerId)).toEqual(['CUST-1001', 'CUST-2001']);

        // The surveillance started the trouble, abandoned (it outlives the surveillance's runs).
        const trace = await traceProcesses(rt.client, troubleId!);
        const ids = new Set(trace.filter((p) => p.workflowId === troubleId).map((p) => p.etomId));
        // 1.A.3.3.3 asks Resource Provisioning to switch (1.F.3.2.2) and to record the change (1.F.3.2.4).
        expect([...ids].sort()).toEqual([
          '1.A.3.3.2',
          '1.A.3.3.3',
          '1.A.3.3.4',
          '1.A.3.3.5',
          '1.A.3.3.6',
          '1.F.3.2.2',
          '1.F.3.2.4',
        ]);
        const rmoSteps = trace.filter((p) => p.workflowId === troubleId).map((p) => p.etomId);
        expect(rmoSteps.indexOf('1.F.3.2.2')).toBeLessThan(rmoSteps.indexOf('1.F.3.2.4'));
        expect(rmoSteps.lastIndexOf('1.A.3.3.3')).toBeGreaterThan(rmoSteps.indexOf('1.F.3.2.4'));
        const activities = await activitiesOf(rt, troubleId!);
        const switched = activities.find((a) => a.activityType === 'configureAndActivateResource');
        expect(switched).toMatchObject({
          input: { action: 'switchover', troubleId, workingId: 'CARD-PAR-1-1', protectingId: 'CARD-PAR-1-2' },
          result: { troubleId, workingId: 'CARD-PAR-1-1', protectingId: 'CARD-PAR-1-2' },
        });
        const restored = (switched!.result as { restored: string[] }).restored;
        expect(restored.length).toBeGreaterThan(0);
        // The configuration collected names the protecting mate, per element, with the service it carries.
        const collected = activities.find((a) => a.activityType === 'collectUpdateAndReportResourceConfigurationData');
        const report = collected!.result as {
          resources: Array<{ resourceId: string; serviceId: string; configuration: Record<string, unknown> }>;
        };
        expect(report.resources.map((r) => r.resourceId)).toEqual(restored);
        expect(new Set(report.resources.map((r) => r.serviceId))).toEqual(new Set(['SVC-IB01-1', 'SVC-IB02-1']));
        for (const r of report.resources) expect(r.configuration['protectedBy']).toBe('CARD-PAR-1-2');
        // 1.A.3.3.3 tested what Provisioning restored, and only then resolved the trouble.
        const last = activities.filter((a) => a.activityType === 'correctAndRecoverResourceTrouble').at(-1)!;
        expect(last.input).toMatchObject({ action: 'switched', restored });
        expect(last.result).toMatchObject({ recovered: true, recovery: 'switchedToRedundant' });
        const surveyed = await traceProcesses(rt.client, s.handle.workflowId, previousRun!);
        expect(surveyed.some((p) => p.etomId === '1.A.3.3.1')).toBe(true);

        // `etom trace` of the trouble: the one resource trouble (RM&O), the service problems it
        // opened (SM&O) and the tickets that told their customers (CRM), once those are open.
        const drawn = await eventually(async () => {
          const t = await buildTrace(clientSource(rt.client), troubleId!);
          return t.workflows.filter((w) => w.inTree && w.type === 'troubleTicket').length === 2 ? t : undefined;
        }, 'the customers told, in the trace');
        const inTree = (type: string) =>
          drawn.workflows.filter((w) => w.inTree && w.type === type).map((w) => `${w.lane} ${w.workflowId}`);
        expect(inTree('resourceTrouble')).toEqual([`rmo ${troubleId}`]);
        expect(inTree('serviceProblem').sort()).toEqual(children.map((c) => `smo ${c.workflowId}`));
        expect(inTree('troubleTicket').every((t) => t.startsWith('crm '))).toBe(true);
        expect(drawn.lanes).toEqual(expect.arrayContaining(['crm', 'smo', 'rmo']));
        expect(drawn.missing).toEqual([]);
      } finally {
        await s.stop();
      }
    }, withBase);
  });

  it('suppresses a transient: no trouble', async () => {
    await withWorkers(async (rt) => {
      const s = surveillance(rt);
      try {
        const [batch] = await s.send(transientAlarm('PORT-PAR-1-1-1', 300));
        await eventually(
          async () =>
            rt.store.db.prepare('SELECT analyzed_at FROM alarm_batches WHERE id = ?').pluck().get(batch!.batchId) ??
            undefined,
          'the batch to be analysed',
        );
        const view = await s.handle.query(getAlarmSurveillanceQuery);
        expect(view.totals).toMatchObject({ batches: 1, suppressed: 1, rootCauses: 0 });
        expect(rt.store.db.prepare('SELECT analysis FROM alarms').pluck().all()).toEqual(['transient']);
        expect(troubleIds(rt)).toEqual([]);
      } finally {
        await s.stop();
      }
    }, withBase);
  });

  it('cancels the trouble report of a false alarm: tests all pass, no service problem', async () => {
    await withWorkers(async (rt) => {
      const s = surveillance(rt);
      try {
        await s.send(falseAlarm('CARD-LYO-1-1', { repeats: 2 }));
        const [troubleId] = await eventually(async () => {
          const ids = troubleIds(rt);
          return ids.length ? ids : undefined;
        }, 'a resource trouble');
        const result = (await rt.client.workflow.getHandle(troubleId!).result()) as ResourceTroubleResult;
        expect(result).toMatchObject({ state: 'cancelled', recovery: 'none', serviceProblemIds: [] });
        expect(rt.store.db.prepare('SELECT state FROM resource_troubles').pluck().all()).toEqual(['cancelled']);
        expect(rt.store.db.prepare("SELECT COUNT(*) FROM alarms WHERE state <> 'cleared'").pluck().get()).toBe(0);
        expect(await childrenOf(rt, troubleId!)).toEqual([]);
        const ids = (await traceProcesses(rt.client, troubleId!)).map((p) => p.etomId);
        expect(ids).toEqual(['1.A.3.3.4', '1.A.3.3.2', '1.A.3.3.4']);
      } finally {
        await s.stop();
      }
    }, withBase);
  });
});
