import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** Manage Resource Inventory (1.O.3.1.5, RM&O): the process that orders resource capacity. */
export const RESOURCE_INVENTORY = '1.O.3.1.5';

/** Address ranges added to a region's pool at a time. */
const IDENTIFIER_BLOCK_SIZE = 8;

/**
 * 1.O.2.1.2 — service capacity ready for orders: per service class and region, how many more
 * instances the pools allow; identifier pools (address ranges) are topped up here, resource
 * shortages are referred to RM&O.
 */
export function createEnableServiceConfigurationAndActivation(
  ports: ReadinessPorts<'numberBlocks' | 'resourceClasses'>,
) {
  return defineReadinessProcess({ etomId: '1.O.2.1.2', layer: 'SM&O' }, ports, async (r, input, call) => {
    const needs = await ports.resourceClasses.serviceClassNeeds();
    const counts = await ports.resourceClasses.classCounts();
    const free = (spec: string, region: string) =>
      counts.find((c) => c.resourceSpecId === spec && c.region === region)?.available ?? 0;
    const regions = [...new Set(counts.map((c) => c.region))];
    const minIds = await r.objective('identifiers.freeMin');
    const blocks = [];
    for (const pool of await ports.numberBlocks.pools('RS-IPV4-29')) {
      r.figures[`identifiers.${pool.region}.free`] = pool.free;
      if (pool.free >= minIds.limit) continue;
      const block = await ports.numberBlocks.addBlock(
        `${call.idempotencyKey}/block/${pool.region}`,
        'RS-IPV4-29',
        pool.region,
        IDENTIFIER_BLOCK_SIZE,
        `${pool.free} free address ranges in ${pool.region}, objective ${minIds.limit}`,
      );
      blocks.push(block);
      r.findings.push(`${pool.region}: address block ${block.id} added (${block.firstValue}–${block.lastValue})`);
    }
    const measured = [];
    for (const cfs of [...new Set(needs.map((n) => n.cfsSpecId))]) {
      for (const region of regions) {
        const own = needs.filter((n) => n.cfsSpecId === cfs && n.role === 'resource' && !n.suppliedIn.includes(region));
        if (own.length === 0) continue;
        // Identifiers were topped up above: count them as there.
        const capacity = Math.min(...own.map((n) => Math.floor(free(n.resourceSpecId, region) / n.quantity)));
        r.figures[`${cfs}.${region}.capacity`] = capacity;
        const short = own.filter((n) => free(n.resourceSpecId, region) < n.quantity).map((n) => n.resourceSpecId);
        measured.push({
          subject: `${cfs}@${region}`,
          value: capacity,
          action: `No capacity left for ${cfs} in ${region} (${short.join(', ') || 'resources'}): RM&O to add resources or reconfigure unused ones.`,
          // Resource capacity is RM&O inventory's (1.O.3.1.5): the action is addressed to it, and it orders it.
          addressedTo: RESOURCE_INVENTORY,
        });
      }
    }
    await r.hold('services.capacityMin', measured);
    return r.finish({ identifierBlocks: blocks });
  });
}
