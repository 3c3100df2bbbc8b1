import { discrepancyLog } from '../../../src/domain/readiness/discrepancies';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/**
 * 1.O.2.1.1 — keep the service inventory true to the services actually running: compare each
 * active service with what discovery says its elements carry, and record every discrepancy.
 * A service the network does not carry is no inventory error: it is returned among `problems`,
 * for which the SM&O readiness run opens a service problem (1.A.2.3).
 */
export function createManageServiceInventory(ports: ReadinessPorts<'inventoryReconciliation'>) {
  return defineReadinessProcess({ etomId: '1.O.2.1.1', layer: 'SM&O' }, ports, async (r, input, call) => {
    const services = await ports.inventoryReconciliation.activeServices();
    const network = await ports.inventoryReconciliation.discover();
    const carrying = new Map<string, string[]>();
    for (const e of network) if (e.carries) carrying.set(e.carries, [...(carrying.get(e.carries) ?? []), e.resourceId]);
    const active = new Set(services.map((s) => s.serviceId));
    const { record, recorded: found } = discrepancyLog(ports, call, input.runId);
    /** What no inventory update can settle: the service is not running; SM&O opens a service problem. */
    const problems: Array<{ serviceId: string; customerId: string; detail: string }> = [];
    for (const s of services) {
      const onNetwork = carrying.get(s.serviceId) ?? [];
      if (s.elementIds.length > 0 && onNetwork.length === 0) {
        const detail = `none of ${s.elementIds.join(', ')} carries it`;
        await record('serviceNotOnNetwork', s.serviceId, detail, 'referred to service problem management');
        problems.push({ serviceId: s.serviceId, customerId: s.customerId, detail });
      }
      for (const e of onNetwork.filter((id) => !s.elementIds.includes(id))) {
        await record(
          'unrecordedAssociation',
          `${s.serviceId}@${e}`,
          `${e} carries ${s.serviceId} but the inventory does not link them`,
          'association to be checked with resource inventory',
        );
      }
    }
    for (const [serviceId, elements] of carrying) {
      if (active.has(serviceId) || serviceId.startsWith('ACCEPTANCE')) continue;
      await record(
        'orphanConfiguration',
        serviceId,
        `${elements.join(', ')} carry ${serviceId}, not an active service`,
        'configuration to be removed',
      );
    }
    r.figures['activeServices'] = services.length;
    r.figures['servicesOnNetwork'] = services.filter((s) => (carrying.get(s.serviceId) ?? []).length > 0).length;
    r.figures['discrepancies'] = found.length;
    if (found.length) r.findings.push(`${found.length} discrepancies between the service inventory and the network`);
    return r.finish({ discrepancies: found, problems });
  });
}
