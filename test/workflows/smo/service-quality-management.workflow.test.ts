import { describe, expect, it } from 'vitest';
import type { ServiceQualityRequestInput } from '../../../src/domain/assurance/messages';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { serviceQuality } from '../../../workflows/smo/service-quality-management';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const DAY = { periodStart: '2026-06-12T00:00:00.000Z', periodEnd: '2026-06-13T00:00:00.000Z' };
const entry = (resourceId: string, over: Record<string, unknown> = {}) => ({
  resourceId,
  region: 'PAR',
  availabilityBp: 10_000,
  thresholdCrossings: 0,
  degrading: false,
  ...over,
});

const run = (rt: TestRuntime, name: string, req: ServiceQualityRequestInput) =>
  rt.client.workflow.execute<typeof serviceQuality>('serviceQuality', {
    taskQueue: rt.queue('smo'),
    workflowId: rt.id(name),
    args: [req],
  });

describe('serviceQuality (1.A.2.4 Service Quality Management) on the SM&O queue', () => {
  it("measures the period's services, proposes improvements and hands each affected customer to CRM", async () => {
    await withWorkers(
      async (rt) => {
        await rt.store.ports.serviceOutages.record('o-1', {
          serviceId: 'SVC-IB03-1',
          customerId: 'CUST-2002',
          serviceProblemId: null,
          cause: 'CPE power supply',
          startedAt: '2026-06-12T08:00:00.000Z',
          restoredAt: '2026-06-12T14:00:00.000Z',
        });
        const result = await run(rt, 'sq', {
          ...DAY,
          performance: [
            entry('CARD-PAR-1-1', { degrading: true }),
            entry('CARD-PAR-2-2', { thresholdCrossings: 1, availabilityBp: 9000 }),
          ],
        });

        expect(result.runId).toBe(rt.id('sq'));
        expect(result.services).toBe(7);
        expect(result.belowTarget).toEqual(['SVC-IB03-1']);
        expect(result.proposedTo).toEqual([
          'RM&O 1.A.3.4 Resource Performance Management',
          'SM&O 1.A.2.3 Service Problem Management',
          'SM&O 1.F.2.2 Service Configuration & Activation',
        ]);
        // CUST-2002 lost six hours; CUST-1001 and CUST-2001 share the degrading card. CARD-PAR-2-2 carries nobody.
        expect(result.customers.map((c) => [c.customerId, c.violated, c.credits.length])).toEqual([
          ['CUST-1001', 0, 0],
          ['CUST-2001', 0, 0],
          ['CUST-2002', 1, 1],
        ]);
        const db = rt.store.db;
        expect(
          db
            .prepare(
              'SELECT service_id, kind FROM service_improvement_actions WHERE run_id = ? ORDER BY service_id, kind',
            )
            .all(result.runId),
        ).toEqual([
          { service_id: 'SVC-IB01-1', kind: 'requestCapacity' },
          { service_id: 'SVC-IB02-1', kind: 'requestCapacity' },
          { service_id: 'SVC-IB03-1', kind: 'improveResilience' },
          { service_id: 'SVC-IB03-1', kind: 'shortenRestoration' },
        ]);
        expect(
          db
            .prepare("SELECT filtered_reason FROM service_quality_events WHERE source_id = 'CARD-PAR-2-2'")
            .pluck()
            .all(),
        ).toEqual(['carries no active service']);
        // PO-FIBRE-BIZ at 129.00 EUR a month is 430 cents a day; 75.00 % is far below 99.90 %: capped 50 %, 215 cents.
        expect((await rt.store.ports.slaCredits.pending('CUST-2002')).map((c) => c.amountMinor)).toEqual([215]);

        const ran = new Set((await traceProcesses(rt.client, rt.id('sq'))).map((p) => p.etomId));
        for (const id of ['1.A.2.4.1', '1.A.2.4.2', '1.A.2.4.3', '1.A.2.4.4', '1.A.1.7.1', '1.A.1.7.2', '1.A.1.7.3'])
          expect(ran, id).toContain(id);
      },
      { installedBase: true, layers: ['smo', 'crm'] },
    );
  });

  it('starts no customer SLA run when nothing affected the quality delivered', async () => {
    await withWorkers(
      async (rt) => {
        const result = await run(rt, 'sq-quiet', { ...DAY, performance: [entry('NODE-PAR-1')] });
        expect(result).toMatchObject({
          belowTarget: [],
          improvements: 0,
          proposedTo: [],
          constraints: 0,
          customers: [],
        });
        expect(await rt.client.workflow.getHandle(rt.id('sq-quiet')).fetchHistory()).toSatisfy(
          (h: { events?: Array<{ startChildWorkflowExecutionInitiatedEventAttributes?: unknown }> }) =>
            !(h.events ?? []).some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes),
        );
      },
      { installedBase: true, layers: ['smo', 'crm'] },
    );
  });
});
