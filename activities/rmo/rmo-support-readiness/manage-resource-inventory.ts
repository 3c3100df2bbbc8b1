import { z } from 'zod';
import { avg } from '../../../src/domain/readiness/assess';
import { discrepancyLog } from '../../../src/domain/readiness/discrepancies';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';
import { ReadinessOutcome } from '../../../src/domain/readiness/report';
import { WATCHED_TYPES } from './watched-classes';

export const ManageResourceInventoryOutput = ReadinessOutcome.extend({
  shortfalls: z.array(z.string()),
  discrepancies: z.array(z.string()),
});

/**
 * 1.O.3.1.5 — synchronise the resource inventory with the installed base reported by
 * discovery, and watch availability: a class past its threshold is marked short of capacity,
 * which calls for new resources (installed, then accepted by 1.O.3.1.1).
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
      const shortfalls: string[] = [];
      for (const s of short) {
        const c = classes.find((x) => `${x.resourceSpecId}@${x.region}` === s.subject)!;
        const opened = await ports.capacityShortfalls.openShortfall(`${call.idempotencyKey}/short/${s.subject}`, {
          resourceSpecId: c.resourceSpecId,
          region: c.region,
          available: c.available,
          total: c.total,
        });
        const delivered = await ports.capacityShortfalls.deliverCapacity(
          `${call.idempotencyKey}/capacity/${opened.id}`,
          opened.id,
        );
        shortfalls.push(delivered.id);
        r.findings.push(
          `${delivered.id}: ${delivered.addedResourceIds.length} resource(s) installed for ${s.subject}, pending acceptance`,
        );
      }
      r.figures['elementsInInventory'] = inventory.length;
      r.figures['elementsDiscovered'] = network.length;
      r.figures['discrepancies'] = discrepancies.length;
      r.figures['classesShort'] = short.length;
      r.figures['availableRatioObjective'] = threshold.limit;
      return { ...(await r.finish({ shortfalls, discrepancies })), shortfalls, discrepancies };
    },
  );
}
