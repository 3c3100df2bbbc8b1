import { total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** Network elements 1.O.3.1.3 repairs in place (CPE go back to their supplier, 1.O.3.1.7). */
const REPAIRABLE_IN_PLACE = ['node', 'card', 'port', 'access-circuit'];

/**
 * 1.O.3.1.3 — preventive maintenance triggered by the trends (resources with repeated
 * troubles or outages: test them, repair those that fail) and the repair of idle faulty elements;
 * what is repaired is handed back for acceptance (1.O.3.1.1).
 */
export function createSupportResourceTroubleManagement(
  ports: ReadinessPorts<
    'operationalTrends' | 'resourceAcceptance' | 'maintenanceJobs' | 'resourceClasses' | 'networkActivation'
  >,
) {
  return defineReadinessProcess({ etomId: '1.O.3.1.3', layer: 'RM&O' }, ports, async (r, input, call) => {
    const troubles = await ports.operationalTrends.trend('resourceTroubles', r.since);
    const limit = await r.objective('resources.troubles');
    const outages = await ports.resourceClasses.outagesByResource(r.since);
    const prone = new Set([
      ...troubles.rows.filter((x) => (x.figures['troubles'] ?? 0) > limit.limit).map((x) => x.group.slice(9)),
      ...outages.filter((o) => o.outages > limit.limit).map((o) => o.resourceId),
    ]);
    for (const resourceId of prone)
      await ports.maintenanceJobs.requestMaintenance(`${call.idempotencyKey}/preventive/${resourceId}`, {
        resourceId,
        kind: 'preventive',
        reason: 'trouble-prone: more troubles or outages than acceptable in the window',
      });
    for (const resourceId of await ports.maintenanceJobs.idleOutOfService(REPAIRABLE_IN_PLACE))
      await ports.maintenanceJobs.requestMaintenance(`${call.idempotencyKey}/repair/${resourceId}`, {
        resourceId,
        kind: 'repair',
        reason: 'out of service and idle',
      });
    const done = { passed: 0, repaired: 0, failed: 0 };
    for (const j of await ports.maintenanceJobs.openMaintenance()) {
      const key = `${call.idempotencyKey}/job/${j.id}`;
      if (j.kind === 'preventive') {
        const configured = await ports.networkActivation.configurationOf(j.resourceId);
        const t = configured ? await ports.networkActivation.testResource(j.resourceId) : undefined;
        if (!t || t.passed) {
          await ports.maintenanceJobs.completeMaintenance(
            key,
            j.id,
            'passed',
            t ? t.detail : 'not configured: nothing to test',
          );
          done.passed++;
          continue;
        }
        r.findings.push(`preventive test of ${j.resourceId} failed: ${t.detail}`);
      }
      const fixed = await ports.networkActivation.repair(`${key}/repair`, j.resourceId, `${j.kind}: ${j.reason}`);
      const idle = (await ports.maintenanceJobs.idleOutOfService(REPAIRABLE_IN_PLACE)).includes(j.resourceId);
      if (fixed.passed || idle) {
        await ports.maintenanceJobs.completeMaintenance(key, j.id, 'repaired', fixed.detail);
        // An element out of the pools comes back only through acceptance.
        if (idle) await ports.resourceAcceptance.handOver(`${key}/handover`, j.resourceId, 'repaired', j.id);
        done.repaired++;
      } else {
        await ports.maintenanceJobs.completeMaintenance(key, j.id, 'failed', fixed.detail);
        r.findings.push(`${j.resourceId} could not be repaired: ${fixed.detail}`);
        done.failed++;
      }
    }
    r.figures['troubleProne'] = prone.size;
    r.figures['preventivePassed'] = done.passed;
    r.figures['repaired'] = done.repaired;
    r.figures['repairFailed'] = done.failed;
    r.figures['troubles'] = total(troubles, 'troubles');
    return r.finish({ troubleProne: [...prone] });
  });
}
