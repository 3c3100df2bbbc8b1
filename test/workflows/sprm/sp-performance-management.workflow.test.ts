import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { getPartnerPerformanceQuery } from '../../../workflows/shared/assurance-messages';
import type { partnerPerformance } from '../../../workflows/sprm/sp-performance-management';
import { type TestRuntime, withWorkers } from '../../support/runtime';

/** June 2026; the installed base has one circuit of Alpha's in service. */
const JUNE = { periodStart: '2026-06-01T00:00:00.000Z', periodEnd: '2026-07-01T00:00:00.000Z' };
const HOUR_MS = 3_600_000;

let now = new Date('2026-06-05T10:00:00.000Z');
const clock = () => now;

/** A problem on Alpha's circuit, as 1.A.4.3 would have recorded it: `hours` long, escalated or not. */
async function recordProblem(rt: TestRuntime, id: string, at: string, hours: number, escalate: boolean) {
  const pp = rt.store.ports.partnerProblems;
  now = new Date(at);
  await pp.record(`${id}/r`, {
    id,
    serviceProblemId: `SP-${id}`,
    serviceId: 'SVC-IB06-1',
    customerId: 'CUST-1002',
    supplierId: 'SUP-ALPHA',
    requisitionId: 'PO-IB06-AC',
    resourceId: 'AC-MRS-ALPHA-IB06',
    description: 'loss of signal',
  });
  now = new Date(Date.parse(at) + HOUR_MS / 4);
  await pp.update(`${id}/a`, id, { state: 'acknowledged' });
  if (escalate) await pp.update(`${id}/e`, id, { state: 'escalated', escalate: true });
  now = new Date(Date.parse(at) + hours * HOUR_MS);
  await pp.update(`${id}/s`, id, { state: 'resolved' });
  await pp.update(`${id}/c`, id, { state: 'closed', resolution: 'fixed' });
  now = new Date('2026-07-01T06:00:00.000Z');
}

const run = (rt: TestRuntime, supplierId: string) =>
  rt.client.workflow.start<typeof partnerPerformance>('partnerPerformance', {
    taskQueue: rt.queue('sprm'),
    workflowId: rt.id(`SPP-${supplierId}`),
    args: [{ supplierId, ...JUNE }],
  });
const etomIds = async (rt: TestRuntime, workflowId: string) =>
  (await traceProcesses(rt.client, workflowId)).map((p) => p.etomId);

describe('partnerPerformance (1.A.4.4 S/P Performance Management) on the S/PRM queue', () => {
  it('scores a month of problems: the supplier that missed its SLA is asked to restore and rated down; a clean one up', async () => {
    await withWorkers(
      async (rt) => {
        await recordProblem(rt, 'PP-A', '2026-06-05T10:00:00.000Z', 6, true);
        await recordProblem(rt, 'PP-B', '2026-06-18T14:00:00.000Z', 2, false);

        const alpha = await run(rt, 'SUP-ALPHA');
        const scorecard = await alpha.result();
        expect(scorecard).toMatchObject({
          supplierId: 'SUP-ALPHA',
          ...JUNE,
          suppliedResources: 1,
          problems: 2,
          resolved: 2,
          escalations: 1,
          downtimeMinutes: 480,
          meanTimeToAcknowledgeMinutes: 15,
          meanTimeToResolveMinutes: 240,
          availabilityBp: Math.floor(10000 * (1 - 8 / 720)),
          slaBp: 9990,
          slaMet: false,
          restorationReference: 'ALPHA-SIP-000001',
          ratingBefore: 4,
          ratingAfter: 2,
        });
        expect((await alpha.query(getPartnerPerformanceQuery)).state).toBe('scored');
        expect(await etomIds(rt, alpha.workflowId)).toEqual(['1.A.4.4.1', '1.A.4.4.2', '1.A.4.4.3']);
        expect(
          rt.store.db
            .prepare('SELECT rating_before, rating_after, sla_met FROM supplier_performance WHERE supplier_id = ?')
            .get('SUP-ALPHA'),
        ).toEqual({ rating_before: 4, rating_after: 2, sla_met: 0 });
        expect(rt.store.db.prepare("SELECT rating FROM suppliers WHERE id = 'SUP-ALPHA'").pluck().get()).toBe(2);
        expect(rt.store.db.prepare('SELECT supplier_id, detail FROM supplier_improvement_plans').all()).toEqual([
          { supplier_id: 'SUP-ALPHA', detail: expect.stringContaining('availability 98.88%') },
        ]);

        // Beta had no problem in June: within its SLA, nothing to restore, rated up.
        const beta = await run(rt, 'SUP-BETA');
        expect(await beta.result()).toMatchObject({ slaMet: true, restorationReference: null, ratingAfter: 4 });
        expect(await etomIds(rt, beta.workflowId)).toEqual(['1.A.4.4.1', '1.A.4.4.3']);
      },
      { layers: ['sprm'], installedBase: true, clock },
    );
  });
});
