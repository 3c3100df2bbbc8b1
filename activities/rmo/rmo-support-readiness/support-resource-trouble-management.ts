import { z } from 'zod';
import { defineProcessHandlers, type ProcessCall } from '../../../src/contracts/activity';
import { readinessRun, total } from '../../../src/domain/readiness/assess';
import type { ReadinessPorts, ReadinessRun } from '../../../src/domain/readiness/process';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { ReadinessAction } from '../../../src/ports/readiness-reports';

/** Network elements 1.O.3.1.3 repairs in place (CPE go back to their supplier, 1.O.3.1.7). */
const REPAIRABLE_IN_PLACE = ['node', 'card', 'port', 'access-circuit'];
const LAYER = 'RM&O';
const Id = z.string().min(1);

type Ports = ReadinessPorts<
  | 'operationalTrends'
  | 'resourceAcceptance'
  | 'maintenanceJobs'
  | 'resourceClasses'
  | 'networkActivation'
  | 'serviceProblems'
>;

/** The maintenance planned, with the customers whose active services run on each element. */
export const PlannedMaintenanceOutput = z.object({
  jobs: z
    .array(
      z.object({
        jobId: Id,
        resourceId: Id,
        reason: z.string(),
        customers: z.array(z.object({ customerId: Id, serviceIds: z.array(Id).min(1) })),
      }),
    )
    .max(500),
});

/**
 * The readiness actions addressed to 1.O.3.1.3 (1.O.2.1.3's "a service fails again and again:
 * schedule maintenance of the resources behind it"): a preventive job for each element the service
 * runs on that is maintained in place; the action records the jobs, once.
 */
async function maintainChronicFailures(ports: Ports, call: ProcessCall): Promise<void> {
  for (const a of await ports.readinessReports.addressedTo(call.etomId)) {
    if (!a.subject.startsWith('service:')) {
      await maintainDegradingClass(ports, call, a);
      continue;
    }
    const serviceId = a.subject.replace(/^service:/, '');
    const jobs = [];
    for (const e of await ports.serviceProblems.elementsOf(serviceId)) {
      if (!REPAIRABLE_IN_PLACE.includes(e.resourceType)) continue;
      const job = await ports.maintenanceJobs.requestMaintenance(
        `${call.idempotencyKey}/chronic/${a.id}/${e.resourceId}`,
        {
          resourceId: e.resourceId,
          kind: 'preventive',
          reason: `chronic failure of ${serviceId} (readiness action ${a.id})`,
        },
      );
      jobs.push(`${job.id} on ${e.resourceId}`);
    }
    const outcome = jobs.length
      ? `preventive maintenance: ${jobs.join(', ')}`
      : `no element of ${serviceId} to maintain`;
    await ports.readinessReports.actedOn(`${call.idempotencyKey}/acted/${a.id}`, a.id, call.etomId, outcome);
  }
}

/**
 * A resource class 1.O.3.1.2 found degrading (`<spec>@<region>`, "refer the class to resource
 * trouble management") and maintained in place: a preventive job on each of its configured
 * elements failing its test now, which `support` tests and repairs; the action records the jobs, once.
 */
async function maintainDegradingClass(ports: Ports, call: ProcessCall, a: ReadinessAction): Promise<void> {
  const [resourceSpecId, region] = a.subject.split('@');
  const type = (await ports.resourceClasses.classCounts()).find(
    (c) => c.resourceSpecId === resourceSpecId && c.region === region,
  )?.resourceType;
  // A class not maintained in place (CPE go back to their supplier) is left to the process that returns it.
  if (!type || !REPAIRABLE_IN_PLACE.includes(type)) return;
  const jobs = [];
  for (const e of await ports.resourceClasses.configuredElements()) {
    if (e.resourceSpecId !== resourceSpecId || e.region !== region) continue;
    if ((await ports.networkActivation.testResource(e.resourceId)).passed) continue;
    const job = await ports.maintenanceJobs.requestMaintenance(
      `${call.idempotencyKey}/degrading/${a.id}/${e.resourceId}`,
      {
        resourceId: e.resourceId,
        kind: 'preventive',
        reason: `${a.subject} degrades and ${e.resourceId} fails its test (readiness action ${a.id})`,
      },
    );
    jobs.push(`${job.id} on ${e.resourceId}`);
  }
  const outcome = jobs.length
    ? `preventive maintenance: ${jobs.join(', ')}`
    : `every element of ${a.subject} passes its test`;
  await ports.readinessReports.actedOn(`${call.idempotencyKey}/acted/${a.id}`, a.id, call.etomId, outcome);
}

/** Trouble-prone elements (repeated troubles or outages in the window) get a preventive job; idle faulty ones a repair. */
async function requestJobs(ports: Ports, r: ReadinessRun, call: ProcessCall): Promise<Set<string>> {
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
  await maintainChronicFailures(ports, call);
  for (const resourceId of await ports.maintenanceJobs.idleOutOfService(REPAIRABLE_IN_PLACE))
    await ports.maintenanceJobs.requestMaintenance(`${call.idempotencyKey}/repair/${resourceId}`, {
      resourceId,
      kind: 'repair',
      reason: 'out of service and idle',
    });
  return prone;
}

/**
 * 1.O.3.1.3 — preventive maintenance triggered by the trends (resources with repeated
 * troubles or outages: test them, repair those that fail) and the repair of idle faulty elements;
 * what is repaired is handed back for acceptance (1.O.3.1.1).
 * `planMaintenance` requests the jobs and names, for each open one, the customers whose active
 * services run on its element, so the workflow has them told before `support` does the work
 * (1.A.1.7.2). A job still open is the same job: `support` does not request it twice. SM&O's
 * chronic service failures addressed to it (1.O.2.1.3) get a preventive job on the service's elements,
 * the degrading resource classes (1.O.3.1.2) one on their elements failing their test.
 */
export function createSupportResourceTroubleManagement(ports: Ports) {
  return defineProcessHandlers(
    {
      etomId: '1.O.3.1.3',
      handlers: {
        planMaintenance: { input: ReadinessRunInput, output: PlannedMaintenanceOutput },
        support: { input: ReadinessRunInput, output: ReadinessOutcome },
      },
    },
    {
      async planMaintenance(input, call) {
        await requestJobs(ports, readinessRun(ports, call, LAYER, input), call);
        const jobs = [];
        for (const j of await ports.maintenanceJobs.openMaintenance()) {
          const byCustomer = new Map<string, string[]>();
          for (const s of await ports.serviceProblems.servicesOn([j.resourceId]))
            byCustomer.set(s.customerId, [...(byCustomer.get(s.customerId) ?? []), s.serviceId]);
          const customers = [...byCustomer].map(([customerId, serviceIds]) => ({ customerId, serviceIds }));
          jobs.push({ jobId: j.id, resourceId: j.resourceId, reason: j.reason, customers });
        }
        return { jobs };
      },
      async support(input, call) {
        const r = readinessRun(ports, call, LAYER, input);
        const troubles = await ports.operationalTrends.trend('resourceTroubles', r.since);
        const prone = await requestJobs(ports, r, call);
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
      },
    },
  );
}
