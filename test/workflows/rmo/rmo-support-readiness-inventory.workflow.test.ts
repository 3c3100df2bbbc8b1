import { describe, expect, it } from 'vitest';
import type { ReadinessRunResult } from '../../../src/domain/readiness/report';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { TestRuntime } from '../../support/runtime';
import { withWorkers } from '../../support/runtime';

/** One readiness run of a layer, to its end, with no process failing. */
async function readiness(rt: TestRuntime, layer: 'smo' | 'rmo', name: string): Promise<string> {
  const h = await rt.client.workflow.start(`${layer}Readiness`, {
    taskQueue: rt.queue(layer),
    workflowId: rt.id(name),
    args: [{ windowDays: 30 }],
  });
  expect(((await h.result()) as ReadinessRunResult).failures).toEqual([]);
  return h.workflowId;
}

/**
 * #13: a discrepancy SM&O's reconciliation (1.O.2.1.1) finds and the resource inventory can
 * settle — an element the network shows carrying a service the inventory does not link it to —
 * is settled by RM&O's Manage Resource Inventory (1.O.3.1.5) in its next readiness run.
 */
describe('unrecorded association: 1.O.2.1.1 (SM&O) -> 1.O.3.1.5 (RM&O)', () => {
  it('links the element to the service in the resource inventory and settles the discrepancy', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        // A port the network shows carrying an active service; the inventory loses the link.
        const { id: port, service_id: serviceId } = db
          .prepare(
            `SELECT r.id, r.service_id FROM resources r
             JOIN network_configuration nc ON nc.resource_id = r.id AND nc.service_id = r.service_id
             JOIN services s ON s.id = r.service_id AND s.state = 'active'
             WHERE r.resource_type = 'port' ORDER BY r.id LIMIT 1`,
          )
          .get() as { id: string; service_id: string };
        db.prepare('UPDATE resources SET service_id = NULL WHERE id = ?').run(port);
        const subject = `${serviceId}@${port}`;
        const discrepancy = (runId: string) =>
          db
            .prepare(
              `SELECT etom_id, settled_by, settlement FROM inventory_discrepancies
               WHERE run_id = ? AND kind = 'unrecordedAssociation' AND subject = ?`,
            )
            .get(runId, subject);

        const smo = await readiness(rt, 'smo', 'smo-readiness');
        expect(discrepancy(smo)).toEqual({ etom_id: '1.O.2.1.1', settled_by: null, settlement: null });

        const rmo = await readiness(rt, 'rmo', 'rmo-readiness');
        expect(db.prepare('SELECT service_id FROM resources WHERE id = ?').pluck().get(port)).toBe(serviceId);
        expect(discrepancy(smo)).toEqual({
          etom_id: '1.O.2.1.1',
          settled_by: '1.O.3.1.5',
          settlement: `inventory links ${port} to ${serviceId}`,
        });
        expect((await traceProcesses(rt.client, rmo)).map((p) => p.etomId)).toContain('1.O.3.1.5');
        const report = db
          .prepare(`SELECT figures, details FROM readiness_reports WHERE run_id = ? AND etom_id = '1.O.3.1.5'`)
          .get(rmo) as { figures: string; details: string };
        expect(JSON.parse(report.figures)).toMatchObject({ discrepanciesSettled: 1 });
        expect(JSON.parse(report.details)).toMatchObject({ settled: [subject] });

        // SM&O's next reconciliation finds the inventory and the network agree on the port.
        const again = await readiness(rt, 'smo', 'smo-readiness-again');
        expect(discrepancy(again)).toBeUndefined();
      },
      { installedBase: true, layers: ['smo', 'rmo'] },
    );
  });
});
