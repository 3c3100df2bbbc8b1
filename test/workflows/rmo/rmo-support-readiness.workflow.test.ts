import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { injectDiscoveryDiscrepancy } from '../../../src/simulators/discovery';
import type { rmoReadiness } from '../../../workflows/rmo/rmo-support-readiness';
import { RMO_READINESS_PROCESSES } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = RMO_READINESS_PROCESSES;

describe('rmoReadiness (RM&O Support & Readiness 1.O.3.1) on the RM&O queue', () => {
  it('detects a shortfall, has capacity installed and accepts it into the available pool in one run', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        db.prepare(
          `UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-ACCESS-PORT' AND region = 'LYO' AND state = 'available' AND id <> 'PORT-LYO-2-2-8'`,
        ).run();
        // The network also reports a port nobody recorded: found, then accepted like new capacity.
        injectDiscoveryDiscrepancy(db, {
          kind: 'extra',
          resourceId: 'PORT-LIL-2-2-9',
          resourceSpecId: 'RS-ACCESS-PORT',
          resourceType: 'port',
          region: 'LIL',
          parentId: 'CARD-LIL-2-2',
        });
        const h = await rt.client.workflow.start<typeof rmoReadiness>('rmoReadiness', {
          taskQueue: rt.queue('rmo'),
          workflowId: rt.id('rmo-readiness'),
          args: [{}],
        });
        const result = await h.result();

        expect(result.failures).toEqual([]);
        // 1.O.3.1.3 plans its jobs (nothing to announce here), then works them.
        expect((await traceProcesses(rt.client, h.workflowId)).map((p) => p.etomId)).toEqual([
          ...PROCESSES.slice(0, 3),
          '1.O.3.1.3',
          ...PROCESSES.slice(3),
        ]);
        const shortfall = db.prepare('SELECT * FROM capacity_shortfalls').get() as Record<string, string>;
        expect(shortfall).toMatchObject({ resource_spec_id: 'RS-ACCESS-PORT', region: 'LYO', state: 'resolved' });
        const added = JSON.parse(shortfall['added_resource_ids']!) as string[];
        expect(
          db
            .prepare(
              `SELECT COUNT(*) FROM resources WHERE id IN (SELECT value FROM json_each(?)) AND state = 'available'`,
            )
            .pluck()
            .get(JSON.stringify(added)),
        ).toBe(added.length);
        expect(db.prepare(`SELECT state FROM resources WHERE id = 'PORT-LIL-2-2-9'`).pluck().get()).toBe('available');
        expect(
          db
            .prepare('SELECT etom_id FROM readiness_reports WHERE run_id = ? ORDER BY etom_id')
            .pluck()
            .all(h.workflowId),
        ).toEqual([...PROCESSES].sort());
      },
      { installedBase: true, layers: ['rmo'] },
    );
  });
});
