import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { activityTypes } from '../../support/fulfilment';
import { RMO_READINESS_PROCESSES, runReadinessOnce } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

/**
 * #13: 1.O.3.1.2's "a resource class degrades: refer the class to resource trouble management" is
 * addressed to Support Resource Trouble Management (1.O.3.1.3), which acts in the next run: a
 * preventive job on each element of the class failing its test, worked (tested, repaired) in the
 * same run; the action records the jobs, once.
 */
describe('readiness action for a degrading resource class: 1.O.3.1.2 -> 1.O.3.1.3', () => {
  it("maintains the class's failing elements, repairs them, and records it on the action", async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        const ports = rt.store.ports.resourceClasses;
        const watched = new Set(
          (await ports.classCounts())
            .filter((c) => c.resourceType === 'port')
            .map((c) => `${c.resourceSpecId}@${c.region}`),
        );
        const configured = await ports.configuredElements();
        const subject = configured.map((e) => `${e.resourceSpecId}@${e.region}`).find((k) => watched.has(k));
        expect(subject).toBeDefined();
        // Every configured element of the class fails its tests until repaired.
        const failing = configured
          .filter((e) => `${e.resourceSpecId}@${e.region}` === subject)
          .map((e) => e.resourceId)
          .sort();
        for (const id of failing) injectFault(db, id, 'testResource', UNTIL_REPAIRED);

        await runReadinessOnce(rt, 'rmo', RMO_READINESS_PROCESSES);
        const action = () =>
          db
            .prepare(
              `SELECT id, state, addressed_to AS addressedTo, acted_by AS actedBy, outcome FROM readiness_actions
                WHERE metric = 'resources.testFailureRate' AND subject = ?`,
            )
            .get(subject) as Record<string, string | null>;
        expect(action()).toMatchObject({ state: 'open', addressedTo: '1.O.3.1.3', actedBy: null });

        // The next run: 1.O.3.1.3 maintains each failing element of the class, and repairs it.
        const next = await runReadinessOnce(rt, 'rmo', RMO_READINESS_PROCESSES);
        expect(await activityTypes(rt, next.workflowId)).toContain('supportResourceTroubleManagement');
        const jobs = db
          .prepare(
            `SELECT id, resource_id AS resourceId, kind, state FROM maintenance_jobs WHERE reason LIKE ? ORDER BY resource_id`,
          )
          .all(`${subject} degrades%`) as Array<{ id: string; resourceId: string; kind: string; state: string }>;
        expect(jobs.map((j) => [j.resourceId, j.kind, j.state])).toEqual(
          failing.map((id) => [id, 'preventive', 'repaired']),
        );
        // Repaired: the faults are gone from the network.
        for (const id of failing)
          expect(db.prepare('SELECT COUNT(*) FROM simulator_faults WHERE target = ?').pluck().get(id)).toBe(0);
        const acted = action();
        expect(acted).toMatchObject({
          actedBy: '1.O.3.1.3',
          outcome: `preventive maintenance: ${jobs.map((j) => `${j.id} on ${j.resourceId}`).join(', ')}`,
        });

        // Acted on once: a third run requests no second job for the class.
        await runReadinessOnce(rt, 'rmo', RMO_READINESS_PROCESSES);
        expect(
          db.prepare('SELECT COUNT(*) FROM maintenance_jobs WHERE reason LIKE ?').pluck().get(`${subject} degrades%`),
        ).toBe(jobs.length);
        expect(action()).toMatchObject({ actedBy: '1.O.3.1.3', outcome: acted.outcome });
      },
      { installedBase: true, layers: ['rmo', 'crm'] },
    );
  }, 240_000);
});
