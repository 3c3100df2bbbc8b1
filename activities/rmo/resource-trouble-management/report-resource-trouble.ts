import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ResourceTroubleReport } from '../../../src/domain/assurance/resource-trouble-report';
import type { Ports } from '../../../src/ports';
import { Id, mustTrouble } from './trouble-records';

export const ReportResourceTroubleInput = z.object({
  troubleId: Id,
  /** `new`: a new trouble (finds the services it touches); `stateChange`: its state moved. */
  action: z.enum(['new', 'stateChange']),
});
export const ReportResourceTroubleOutput = ResourceTroubleReport;

/** The service problem SM&O opens for a service a trouble touches: one per trouble and service. */
export const serviceProblemIdFor = (troubleId: string, serviceId: string) => `SP-${troubleId}-${serviceId}`;

/**
 * 1.A.3.3.5 — report new troubles and state changes to Service Problem Management: for a
 * trouble the network raised, one service problem per active service it touches; for one
 * SM&O asked about, the answer goes back to that service problem.
 */
export function createReportResourceTrouble(ports: Pick<Ports, 'resourceTroubles'>) {
  const { resourceTroubles: troubles } = ports;
  return defineProcess(
    { etomId: '1.A.3.3.5', input: ReportResourceTroubleInput, output: ReportResourceTroubleOutput },
    async (input, call) => {
      const trouble = await mustTrouble(troubles, input.troubleId);
      const detail =
        trouble.state === 'resolved' || trouble.state === 'closed'
          ? (trouble.resolution ?? `trouble ${trouble.state}`)
          : (trouble.diagnosis ?? trouble.description);
      const update = {
        troubleId: trouble.id,
        resourceId: trouble.faultResourceId ?? trouble.resourceId,
        state: trouble.state,
        process: '1.A.3.3.5',
        detail,
      };
      if (input.action === 'new' && trouble.origin !== 'serviceProblem') {
        const affected = await troubles.activeServicesOn(trouble.faultResourceId ?? trouble.resourceId);
        const services = affected.map((s) => {
          const serviceProblemId = serviceProblemIdFor(trouble.id, s.serviceId);
          return { serviceId: s.serviceId, customerId: s.customerId, serviceProblemId, workflowId: serviceProblemId };
        });
        await troubles.recordReportedServices(
          `${call.idempotencyKey}/services`,
          trouble.id,
          services.map((s) => ({
            serviceId: s.serviceId,
            customerId: s.customerId,
            serviceProblemId: s.serviceProblemId,
            serviceProblemWorkflowId: s.workflowId,
            lastReportedState: trouble.state,
          })),
        );
        return { update, services };
      }
      const reported = (await troubles.reportedServices(trouble.id)).filter((s) => s.serviceProblemWorkflowId);
      await troubles.recordReportedServices(
        `${call.idempotencyKey}/services`,
        trouble.id,
        reported.map((s) => ({ ...s, lastReportedState: trouble.state })),
      );
      return {
        update,
        services: reported.map((s) => ({
          serviceId: s.serviceId,
          customerId: s.customerId,
          serviceProblemId: s.serviceProblemId!,
          workflowId: s.serviceProblemWorkflowId!,
        })),
      };
    },
  );
}
