import { z } from 'zod';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';
import { ReadinessOutcome } from '../../../src/domain/readiness/report';

export const EnableResourceProvisioningOutput = ReadinessOutcome.extend({
  accepted: z.array(z.string()),
  failed: z.array(z.string()),
});

/**
 * 1.O.3.1.1 — test and accept the resources handed over to operations (new capacity, repaired
 * or discovered elements): those that pass are recorded available for service instances.
 */
export function createEnableResourceProvisioning(
  ports: ReadinessPorts<
    'inventoryReconciliation' | 'capacityShortfalls' | 'resourceAcceptance' | 'maintenanceJobs' | 'networkActivation'
  >,
) {
  /**
   * An acceptance test of an element nobody uses: give it a test configuration, bring it up,
   * test it, take the configuration off again. An element the network does not report fails.
   */
  const acceptanceTest = async (key: string, resourceId: string) => {
    const discovered = (await ports.inventoryReconciliation.discover()).some((e) => e.resourceId === resourceId);
    if (!discovered) return { passed: false, detail: 'not reported by the network' };
    const existing = await ports.networkActivation.configurationOf(resourceId);
    if (existing) {
      const t = await ports.networkActivation.testResource(resourceId);
      return { passed: t.passed, detail: t.detail };
    }
    const testService = `ACCEPTANCE-${resourceId}`;
    await ports.networkActivation.configure(`${key}/configure`, resourceId, testService, { acceptanceTest: true });
    await ports.networkActivation.setAdminState(`${key}/up`, resourceId, 'up');
    const t = await ports.networkActivation.testResource(resourceId);
    await ports.networkActivation.unconfigure(`${key}/unconfigure`, resourceId);
    return { passed: t.passed, detail: t.detail };
  };

  return defineReadinessProcess(
    { etomId: '1.O.3.1.1', layer: 'RM&O', output: EnableResourceProvisioningOutput },
    ports,
    async (r, input, call) => {
      const accepted: string[] = [];
      const failed: string[] = [];
      for (const item of await ports.resourceAcceptance.pendingAcceptance()) {
        const key = `${call.idempotencyKey}/accept/${item.resourceId}`;
        const test = await acceptanceTest(key, item.resourceId);
        await ports.resourceAcceptance.recordAcceptance(`${key}/record`, item.resourceId, test.passed, test.detail);
        (test.passed ? accepted : failed).push(item.resourceId);
        if (!test.passed) r.findings.push(`${item.resourceId} (${item.reason}) failed acceptance: ${test.detail}`);
        call.heartbeat(item.resourceId);
      }
      for (const resourceId of failed) {
        // A resource that fails acceptance goes to repair (1.O.3.1.3) rather than into the pool.
        await ports.maintenanceJobs.requestMaintenance(`${call.idempotencyKey}/repair/${resourceId}`, {
          resourceId,
          kind: 'repair',
          reason: 'failed acceptance test',
        });
      }
      r.figures['accepted'] = accepted.length;
      r.figures['failed'] = failed.length;
      r.figures['shortfallsResolved'] = (await ports.capacityShortfalls.shortfalls('resolved')).length;
      if (accepted.length) r.findings.push(`${accepted.length} resource(s) accepted into the available pools`);
      return { ...(await r.finish({ accepted, failed })), accepted, failed };
    },
  );
}
