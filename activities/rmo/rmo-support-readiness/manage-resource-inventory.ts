import { z } from 'zod';
import { avg } from '../../../src/domain/readiness/assess';
import { discrepancyLog } from '../../../src/domain/readiness/discrepancies';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';
import { ReadinessOutcome } from '../../../src/domain/readiness/report';
import { WATCHED_TYPES } from './watched-classes';
import type { ProcessCall } from '../../../src/contracts/activity';
import type { DiscoveredElement } from '../../../src/simulators/discovery';

/** SM&O's kind (1.O.2.1.1): subject `<service>@<element>`. */
const UNRECORDED = 'unrecordedAssociation';

/** Settles SM&O's open unrecorded associations in the resource inventory; returns the subjects settled. */
async function settleUnrecordedAssociations(
  ports: ReadinessPorts<'inventoryReconciliation'>,
  seen: Map<string, DiscoveredElement>,
  findings: string[],
  call: ProcessCall,
): Promise<string[]> {
  const inventory = ports.inventoryReconciliation;
  const settled: string[] = [];
  for (const d of await inventory.unsettledDiscrepancies(UNRECORDED)) {
    const at = d.subject.lastIndexOf('@');
    const serviceId = d.subject.slice(0, at);
    const resourceId = d.subject.slice(at + 1);
    const key = `${call.idempotencyKey}/settle/${d.subject}`;
    const base = { kind: UNRECORDED, subject: d.subject, settledBy: call.etomId };
    if (seen.get(resourceId)?.carries !== serviceId) {
      const settlement = `${resourceId} no longer carries ${serviceId}: nothing to link`;
      await inventory.settleDiscrepancies(key, { ...base, settlement });
      settled.push(d.subject);
    } else if (await inventory.linkElementToService(key, { ...base, resourceId, serviceId })) {
      settled.push(d.subject);
    } else {
      findings.push(`${resourceId} carries ${serviceId} but the inventory gives it to another service: to be checked`);
    }
  }
  return settled;
}

/**
 * The resource classes SM&O's "no capacity left for a service class in a region" (1.O.2.1.2,
 * addressed to 1.O.3.1.5) asks for: the region's own resources one instance of the class needs and
 * the pool no longer has, as `<resource spec>@<region>` with the action asking.
 */
async function serviceCapacityWanted(
  ports: ReadinessPorts<'resourceClasses'>,
  call: ProcessCall,
): Promise<Array<{ subject: string; action: string }>> {
  const actions = await ports.readinessReports.addressedTo(call.etomId);
  if (!actions.length) return [];
  const needs = await ports.resourceClasses.serviceClassNeeds();
  const counts = await ports.resourceClasses.classCounts();
  const wanted = [];
  for (const a of actions) {
    const at = a.subject.lastIndexOf('@');
    const cfs = a.subject.slice(0, at);
    const region = a.subject.slice(at + 1);
    for (const n of needs.filter(
      (x) => x.cfsSpecId === cfs && x.role === 'resource' && !x.suppliedIn.includes(region),
    )) {
      const free = counts.find((c) => c.resourceSpecId === n.resourceSpecId && c.region === region)?.available ?? 0;
      if (free < n.quantity) wanted.push({ subject: `${n.resourceSpecId}@${region}`, action: a.id });
    }
  }
  return wanted;
}

export const ManageResourceInventoryOutput = ReadinessOutcome.extend({
  shortfalls: z.array(z.string()),
  discrepancies: z.array(z.string()),
});

/**
 * 1.O.3.1.5 — synchronise the resource inventory with the installed base reported by
 * discovery, and watch availability: a class past its threshold is marked short of capacity,
 * which calls for new resources (installed, then accepted by 1.O.3.1.1). The discrepancies
 * SM&O's reconciliation (1.O.2.1.1) leaves to the resource inventory — an element the network
 * shows carrying a service the inventory does not link it to — are settled here: linked when
 * the network still shows it, closed when it no longer does.
 */
export function createManageResourceInventory(
  ports: ReadinessPorts<'inventoryReconciliation' | 'capacityShortfalls' | 'resourceClasses'>,
) {
  return defineReadinessProcess(
    { etomId: '1.O.3.1.5', layer: 'RM&O', output: ManageResourceInventoryOutput },
    ports,
    async (r, input, call) => {
      const network = await ports.inventoryReconciliation.discover();
      const inventory = await ports.inventoryReconciliation.inventoryElements();
      const seen = new Map(network.map((e) => [e.resourceId, e]));
      const known = new Set(inventory.map((e) => e.resourceId));
      const { record, recorded: discrepancies } = discrepancyLog(ports, call, input.runId);
      for (const e of inventory) {
        const d = seen.get(e.resourceId);
        if (!d) {
          const withdrawn =
            e.state === 'available' &&
            (await ports.inventoryReconciliation.takeOutOfService(
              `${call.idempotencyKey}/withdraw/${e.resourceId}`,
              e.resourceId,
              'not reported by the network',
            ));
          await record(
            'notDiscovered',
            e.resourceId,
            `${e.resourceType} ${e.state} in inventory, not reported by the network`,
            withdrawn ? 'taken out of the available pool' : 'to be checked on site',
          );
        } else if (d.carries !== e.configuredFor) {
          await record(
            'configurationMismatch',
            e.resourceId,
            `network says it carries ${d.carries ?? 'nothing'}, inventory ${e.configuredFor ?? 'nothing'}`,
            'to be checked with activation',
          );
        }
      }
      for (const d of network.filter((e) => !known.has(e.resourceId))) {
        await ports.inventoryReconciliation.registerDiscovered(`${call.idempotencyKey}/register/${d.resourceId}`, d);
        await record(
          'undocumented',
          d.resourceId,
          `${d.resourceType} ${d.resourceSpecId} in ${d.region} unknown to the inventory`,
          'recorded, pending acceptance',
        );
      }

      const settled = await settleUnrecordedAssociations(ports, seen, r.findings, call);

      const threshold = await r.objective('resources.availableRatio');
      const classes = (await ports.resourceClasses.classCounts()).filter(
        (c) => WATCHED_TYPES.includes(c.resourceType) && c.suppliedBy === 'own',
      );
      const short = await r.hold(
        'resources.availableRatio',
        classes.map((c) => ({
          subject: `${c.resourceSpecId}@${c.region}`,
          value: avg(c.available, c.total),
          action: `${c.resourceSpecId} in ${c.region} is short of capacity (${c.available}/${c.total} available): capacity ordered from resource development.`,
        })),
      );
      const counts = await ports.resourceClasses.classCounts();
      const count = (resourceSpecId: string, region: string) =>
        counts.find((x) => x.resourceSpecId === resourceSpecId && x.region === region) ?? { available: 0, total: 0 };
      // The classes past the threshold, then those SM&O found no capacity for (addressed to 1.O.3.1.5).
      const wanted = short.map((s) => ({ subject: s.subject, action: null as string | null }));
      for (const w of await serviceCapacityWanted(ports, call)) {
        const same = wanted.find((x) => x.subject === w.subject);
        if (same) same.action ??= w.action;
        else wanted.push(w);
      }
      const shortfalls: string[] = [];
      const forActions = new Map<string, string[]>();
      for (const s of wanted) {
        const at = s.subject.lastIndexOf('@');
        const c = { resourceSpecId: s.subject.slice(0, at), region: s.subject.slice(at + 1) };
        const opened = await ports.capacityShortfalls.openShortfall(`${call.idempotencyKey}/short/${s.subject}`, {
          ...c,
          available: count(c.resourceSpecId, c.region).available,
          total: count(c.resourceSpecId, c.region).total,
        });
        const delivered = await ports.capacityShortfalls.deliverCapacity(
          `${call.idempotencyKey}/capacity/${opened.id}`,
          opened.id,
        );
        shortfalls.push(delivered.id);
        r.findings.push(
          `${delivered.id}: ${delivered.addedResourceIds.length} resource(s) installed for ${s.subject}, pending acceptance`,
        );
        if (s.action) forActions.set(s.action, [...(forActions.get(s.action) ?? []), `${delivered.id} (${s.subject})`]);
      }
      for (const [actionId, delivered] of forActions)
        await ports.readinessReports.actedOn(
          `${call.idempotencyKey}/acted/${actionId}`,
          actionId,
          call.etomId,
          `capacity ordered: ${delivered.join(', ')}`,
        );
      r.figures['serviceCapacityActionsActedOn'] = forActions.size;
      r.figures['elementsInInventory'] = inventory.length;
      r.figures['elementsDiscovered'] = network.length;
      r.figures['discrepancies'] = discrepancies.length;
      r.figures['discrepanciesSettled'] = settled.length;
      r.figures['classesShort'] = short.length;
      r.figures['availableRatioObjective'] = threshold.limit;
      return { ...(await r.finish({ shortfalls, discrepancies, settled })), shortfalls, discrepancies };
    },
  );
}
