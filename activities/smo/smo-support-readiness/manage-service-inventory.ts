import { defineProcess } from '../../../src/contracts/activity';
import { readinessRun } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const ManageServiceInventoryInput = ReadinessRunInput;
export const ManageServiceInventoryOutput = ReadinessOutcome;

/**
 * 1.O.2.1.1 — keep the service inventory true to the services actually running: compare each
 * active service with what discovery says its elements carry, and record every discrepancy.
 */
export function createManageServiceInventory(
  ports: Pick<Ports, 'readinessReports' | 'inventoryReconciliation' | 'clock'>,
) {
  return defineProcess(
    { etomId: '1.O.2.1.1', input: ManageServiceInventoryInput, output: ManageServiceInventoryOutput },
    async (input, call) => {
      const r = readinessRun(ports, call, 'SM&O', input);
      const services = await ports.inventoryReconciliation.activeServices();
      const network = await ports.inventoryReconciliation.discover();
      const carrying = new Map<string, string[]>();
      for (const e of network)
        if (e.carries) carrying.set(e.carries, [...(carrying.get(e.carries) ?? []), e.resourceId]);
      const active = new Set(services.map((s) => s.serviceId));
      const record = (kind: string, subject: string, detail: string, resolution: string) =>
        ports.inventoryReconciliation.recordDiscrepancy(`${call.idempotencyKey}/${kind}/${subject}`, {
          runId: input.runId,
          etomId: call.etomId,
          kind,
          subject,
          detail,
          resolution,
        });
      const found: string[] = [];
      for (const s of services) {
        const onNetwork = carrying.get(s.serviceId) ?? [];
        if (s.elementIds.length > 0 && onNetwork.length === 0) {
          found.push(
            await record(
              'serviceNotOnNetwork',
              s.serviceId,
              `none of ${s.elementIds.join(', ')} carries it`,
              'referred to service problem management',
            ),
          );
        }
        for (const e of onNetwork.filter((id) => !s.elementIds.includes(id))) {
          found.push(
            await record(
              'unrecordedAssociation',
              `${s.serviceId}@${e}`,
              `${e} carries ${s.serviceId} but the inventory does not link them`,
              'association to be checked with resource inventory',
            ),
          );
        }
      }
      for (const [serviceId, elements] of carrying) {
        if (active.has(serviceId) || serviceId.startsWith('ACCEPTANCE')) continue;
        found.push(
          await record(
            'orphanConfiguration',
            serviceId,
            `${elements.join(', ')} carry ${serviceId}, not an active service`,
            'configuration to be removed',
          ),
        );
      }
      r.figures['activeServices'] = services.length;
      r.figures['servicesOnNetwork'] = services.filter((s) => (carrying.get(s.serviceId) ?? []).length > 0).length;
      r.figures['discrepancies'] = found.length;
      if (found.length) r.findings.push(`${found.length} discrepancies between the service inventory and the network`);
      return r.finish({ discrepancies: found });
    },
  );
}
