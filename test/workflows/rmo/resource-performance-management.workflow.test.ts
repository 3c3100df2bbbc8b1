import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { ResourcePerformanceRequestInput } from '../../../src/domain/assurance/resource-performance-request';
import type { ResourceTroubleRequestInput } from '../../../src/domain/assurance/messages';
import { DEMO_ASSURANCE_TIMINGS } from '../../../src/domain/assurance/timings';
import { injectCrossing, injectTrend } from '../../../src/simulators/performance';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { resourcePerformance } from '../../../workflows/rmo/resource-performance-management';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const RM_O = ['1.A.3.4.1', '1.A.3.4.2', '1.A.3.4.3', '1.A.3.4.4'];
const SM_O = ['1.A.2.4.1', '1.A.2.4.2', '1.A.2.4.3', '1.A.2.4.4'];
const CRM = ['1.A.1.7.1', '1.A.1.7.2', '1.A.1.7.3'];
const withBase = { installedBase: true };

function start(
  rt: TestRuntime,
  name: string,
  req: Omit<ResourcePerformanceRequestInput, 'timings'>,
): Promise<WorkflowHandle<typeof resourcePerformance>> {
  return rt.client.workflow.start<typeof resourcePerformance>('resourcePerformance', {
    taskQueue: rt.queue('rmo'),
    workflowId: rt.id(name),
    args: [{ ...req, timings: DEMO_ASSURANCE_TIMINGS }],
  });
}

/** The children a workflow started, with the input each was given, read from its history. */
async function childrenOf(rt: TestRuntime, workflowId: string) {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
    if (!a) return [];
    const [input] = (a.input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));
    return [{ type: a.workflowType?.name, workflowId: a.workflowId, taskQueue: a.taskQueue?.name, input }];
  });
}

const etomIds = async (rt: TestRuntime, workflowId: string) =>
  new Set((await traceProcesses(rt.client, workflowId)).map((p) => p.etomId));

describe('resourcePerformance (1.A.3.4 Resource Performance Management) on the RM&O queue', () => {
  it('opens a resource trouble, left to run on its own, for an element that crossed its thresholds', async () => {
    await withWorkers(async (rt) => {
      injectCrossing(rt.store.db, 'PORT-PAR-1-1-1', { value: 97, from: '2026-06-07T00:30:00.000Z' });
      const h = await start(rt, 'rp-crossing', {
        region: 'PAR',
        periodStart: '2026-06-07T00:00:00.000Z',
        periodEnd: '2026-06-07T01:00:00.000Z',
      });
      const result = await h.result();
      const troubleId = 'RT-PERF-PORT-PAR-1-1-1-20260607T0000';
      expect(result.troubleIds).toEqual([troubleId]);

      const troubles = (await childrenOf(rt, h.workflowId)).filter((c) => c.type === 'resourceTrouble');
      expect(troubles).toEqual([
        { type: 'resourceTrouble', workflowId: troubleId, taskQueue: rt.queue('rmo'), input: expect.anything() },
      ]);
      const input = troubles[0]!.input as ResourceTroubleRequestInput;
      expect(input).toMatchObject({ troubleId, origin: 'performance', resourceId: 'PORT-PAR-1-1-1' });
      expect(input.description).toContain('utilisationPct 97 > 85');
      // The trouble outlives the period's run (ParentClosePolicy ABANDON): it exists on the server.
      expect((await rt.client.workflow.getHandle(troubleId).describe()).type).toBe('resourceTrouble');
      expect(
        rt.store.db
          .prepare("SELECT DISTINCT trouble_id FROM performance_crossings WHERE resource_id = 'PORT-PAR-1-1-1'")
          .pluck()
          .all(),
      ).toEqual([troubleId]);

      // The period still ran to its end and reached SM&O: the crossing is a constraint on the service it carries.
      expect(result.serviceQuality.constraints).toBeGreaterThan(0);
      const ran = await etomIds(rt, h.workflowId);
      for (const id of [...RM_O, ...SM_O]) expect(ran).toContain(id);
    }, withBase);
  });

  it('flags a degrading trend before it crosses, controls the element, and continues as new for the next period', async () => {
    await withWorkers(async (rt) => {
      injectTrend(rt.store.db, 'PORT-PAR-1-1-2', { perHour: 30, from: '2026-06-08T00:00:00.000Z' });
      const h = await start(rt, 'rp-trend', {
        region: 'PAR',
        periodStart: '2026-06-08T00:00:00.000Z',
        periodEnd: '2026-06-08T01:00:00.000Z',
        periods: 2,
      });
      const result = await h.result();
      // The result is the second period's: the run continued as new once.
      expect(result).toMatchObject({ periodStart: '2026-06-08T01:00:00.000Z', troubleIds: [] });

      const db = rt.store.db;
      expect(db.prepare('SELECT COUNT(*) FROM performance_crossings').pluck().get()).toBe(0);
      const [first] = db
        .prepare(
          "SELECT resource_id, kpi, predicted_crossing_at FROM performance_warnings WHERE period_start = '2026-06-08T00:00:00.000Z'",
        )
        .all() as Array<{ resource_id: string; kpi: string; predicted_crossing_at: string }>;
      expect(first).toMatchObject({ resource_id: 'PORT-PAR-1-1-2', kpi: 'utilisationPct' });
      expect(first!.predicted_crossing_at > '2026-06-08T01:00:00.000Z').toBe(true);
      expect(
        db
          .prepare(
            "SELECT resource_id, kind, effective_from FROM performance_controls WHERE period_start = '2026-06-08T00:00:00.000Z'",
          )
          .all(),
      ).toEqual([{ resource_id: 'PORT-PAR-1-1-2', kind: 'rateLimit', effective_from: '2026-06-08T01:00:00.000Z' }]);
      expect(db.prepare('SELECT period_start FROM performance_reports ORDER BY period_start').pluck().all()).toEqual([
        '2026-06-08T00:00:00.000Z',
        '2026-06-08T01:00:00.000Z',
      ]);

      // The port has no mate: policed, and capacity asked of Resource Provisioning in each period.
      expect((await childrenOf(rt, h.workflowId)).map((c) => c.type)).toEqual(['resourceOrder', 'serviceQuality']);
      // Each period ran the four processes, on its own run: SM&O heard of the degrading port each time.
      expect(result.serviceQuality.customers.map((c) => c.customerId)).toContain('CUST-2001');
      expect(db.prepare('SELECT COUNT(DISTINCT run_id) FROM service_kqis').pluck().get()).toBe(2);
    }, withBase);
  });

  it('asks Resource Provisioning for capacity where no mate can take a degrading load (1.A.3.4.3 -> 1.F.3.2.2)', async () => {
    await withWorkers(async (rt) => {
      const db = rt.store.db;
      const port = 'PORT-PAR-1-1-2';
      const serviceId = db.prepare('SELECT service_id FROM resources WHERE id = ?').pluck().get(port) as string;
      injectTrend(db, port, { perHour: 30, from: '2026-06-09T00:00:00.000Z' });
      const h = await start(rt, 'rp-capacity', {
        region: 'PAR',
        periodStart: '2026-06-09T00:00:00.000Z',
        periodEnd: '2026-06-09T01:00:00.000Z',
      });
      const result = await h.result();
      const orderId = `RO-PERF-${port}-20260609T0000-${serviceId}`;
      expect(result.capacityOrders).toEqual([orderId]);
      // The traffic is still policed now; the capacity comes through a resource order RM&O runs.
      expect(db.prepare('SELECT kind FROM performance_controls WHERE resource_id = ?').pluck().all(port)).toEqual([
        'rateLimit',
      ]);
      const order = () =>
        db.prepare('SELECT action, state, service_order_id, needs FROM resource_orders WHERE id = ?').get(orderId) as
          { action: string; state: string; service_order_id: string; needs: string } | undefined;
      await expect.poll(() => order()?.state, { timeout: 60_000 }).toBe('completed');
      expect(order()).toMatchObject({ action: 'add', service_order_id: h.workflowId });
      const [need] = JSON.parse(order()!.needs) as Array<{ resourceSpecId: string; quantity: number }>;
      expect(need).toEqual({
        resourceSpecId: db.prepare('SELECT spec_id FROM resources WHERE id = ?').pluck().get(port),
        quantity: 1,
      });
      // One more PAR element configured for the service beside the degrading port.
      const carrying = db
        .prepare(
          `SELECT nc.resource_id FROM network_configuration nc JOIN resources r ON r.id = nc.resource_id
           WHERE nc.service_id = ? AND r.region = 'PAR' AND r.spec_id = ? ORDER BY nc.resource_id`,
        )
        .pluck()
        .all(serviceId, need!.resourceSpecId) as string[];
      expect(carrying).toContain(port);
      expect(carrying.length).toBe(2);
      const ran = await etomIds(rt, orderId);
      for (const id of ['1.F.3.2.1', '1.F.3.2.2']) expect(ran).toContain(id);
      expect((await childrenOf(rt, h.workflowId)).find((c) => c.type === 'resourceOrder')).toMatchObject({
        workflowId: orderId,
        taskQueue: rt.queue('rmo'),
      });
    }, withBase);
  });

  it('carries an outage from the period through SM&O to a credit for the customer, none for the others', async () => {
    await withWorkers(async (rt) => {
      const day = { periodStart: '2026-06-05T00:00:00.000Z', periodEnd: '2026-06-06T00:00:00.000Z' };
      const outage = (serviceId: string, customerId: string, startedAt: string, restoredAt: string) =>
        rt.store.ports.serviceOutages.record(`${serviceId}/${startedAt}`, {
          serviceId,
          customerId,
          serviceProblemId: null,
          cause: 'line card failure',
          startedAt,
          restoredAt,
        });
      // Three hours down for SVC-IB01-1; one minute for SVC-IB02-1 (within its 99.9 %); none for SVC-IB03-1.
      await outage('SVC-IB01-1', 'CUST-1001', '2026-06-05T02:00:00.000Z', '2026-06-05T05:00:00.000Z');
      await outage('SVC-IB02-1', 'CUST-2001', '2026-06-05T10:00:00.000Z', '2026-06-05T10:01:00.000Z');

      const h = await start(rt, 'rp-chain', { region: 'PAR', ...day });
      const result = await h.result();
      expect(result.troubleIds).toEqual([]);
      expect(result.serviceQuality.belowTarget).toEqual(['SVC-IB01-1']);
      const byCustomer = new Map(result.serviceQuality.customers.map((c) => [c.customerId, c]));
      expect(byCustomer.get('CUST-1001')).toMatchObject({ violated: 1 });
      expect(byCustomer.get('CUST-2001')).toMatchObject({ violated: 0, credits: [] });

      // 129.00 EUR a month is 430 cents for the day; 87.50 % against 99.90 % is 124 steps of 0.1 point,
      // 5 % each, capped at 50 %: 215 cents.
      const credits = await rt.store.ports.slaCredits.byCustomer('CUST-1001');
      expect(credits).toEqual([
        expect.objectContaining({
          serviceId: 'SVC-IB01-1',
          productId: 'PRD-IB01',
          ...day,
          amountMinor: 215,
          currency: 'EUR',
          state: 'pending',
        }),
      ]);
      expect(Number.isInteger(credits[0]!.amountMinor)).toBe(true);
      expect(await rt.store.ports.slaCredits.byCustomer('CUST-2001')).toEqual([]);
      expect(await rt.store.ports.slaCredits.byCustomer('CUST-2002')).toEqual([]);
      expect(await rt.store.ports.customerSla.getReport('CUST-1001', day.periodStart, day.periodEnd)).toBeDefined();

      const ran = await etomIds(rt, h.workflowId);
      for (const id of [...RM_O, ...SM_O, ...CRM]) expect(ran, id).toContain(id);
    }, withBase);
  });
});
