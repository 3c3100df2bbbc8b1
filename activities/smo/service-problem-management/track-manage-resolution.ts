import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { ServiceProblemUpdate } from '../../../src/domain/assurance/messages';
import { SERVICE_PROBLEM_API, serviceProblemEvent } from '../../../src/events/service-problem-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { Id, problemOf, updateFor } from './service-problem';

/** Reconfiguration through service activation: the service's configuration applied again. */
export const ReconfigureInput = z.object({ serviceProblemId: Id });
/** A task moved on (technician, RM&O, supplier): recorded, and worded for CRM. */
export const ProgressInput = z.object({
  serviceProblemId: Id,
  process: Id,
  detail: z.string().min(1),
  state: z.enum(['inProgress', 'pending', 'held']).default('inProgress'),
});
/** The customer withdrew the ticket it was opened for, and no repair of the network is under way. */
export const WithdrawInput = z.object({ serviceProblemId: Id, ticketId: Id, reason: z.string().min(1) });
export const TrackResolutionOutput = z.object({ serviceProblemId: Id, update: ServiceProblemUpdate });

/**
 * 1.A.2.3.4 Track & Manage Resolution — see the plan through: reconfiguration through service
 * activation, and the progress of the tasks handed to others, recorded and worded for CRM.
 */
export function createTrackAndManageServiceProblemResolution(
  ports: Pick<Ports, 'serviceProblems' | 'networkActivation' | 'eventSubscriptions'>,
) {
  const { serviceProblems, networkActivation: network, eventSubscriptions } = ports;
  const moved = serviceProblemEvent('ServiceProblemStateChangeEvent');

  return defineProcessHandlers(
    {
      etomId: '1.A.2.3.4',
      handlers: {
        reconfigure: { input: ReconfigureInput, output: TrackResolutionOutput },
        progress: { input: ProgressInput, output: TrackResolutionOutput },
        withdraw: { input: WithdrawInput, output: TrackResolutionOutput },
      },
    },
    {
      async reconfigure(input, call) {
        const key = call.idempotencyKey;
        const p = await problemOf(serviceProblems, input.serviceProblemId);
        const elements = await network.configurationsOfService(p.serviceId);
        for (const e of elements) {
          await network.configure(`${key}/configure/${e.resourceId}`, e.resourceId, p.serviceId, e.config);
          await network.setAdminState(`${key}/up/${e.resourceId}`, e.resourceId, 'up');
        }
        const detail = `configuration of ${p.serviceId} applied again on ${elements.map((e) => e.resourceId).join(', ') || 'no element'}`;
        await serviceProblems.note(`${key}/note`, p.id, '1.A.2.3.4', detail);
        return { serviceProblemId: p.id, update: updateFor(p, '1.A.2.3.4', detail) };
      },

      async progress(input, call) {
        const key = call.idempotencyKey;
        const p = await problemOf(serviceProblems, input.serviceProblemId);
        const changed =
          p.state === input.state
            ? p
            : await serviceProblems.transition(`${key}/state`, p.id, input.state, input.process, input.detail, moved);
        if (changed === p) await serviceProblems.note(`${key}/note`, p.id, input.process, input.detail);
        else await wakeEventDelivery(eventSubscriptions, SERVICE_PROBLEM_API);
        return { serviceProblemId: p.id, update: updateFor(changed, '1.A.2.3.4', input.detail) };
      },

      async withdraw(input, call) {
        const key = call.idempotencyKey;
        const p = await problemOf(serviceProblems, input.serviceProblemId);
        const detail = `ticket ${input.ticketId} withdrawn by the customer (${input.reason}): problem cancelled`;
        const cancelled =
          p.state === 'cancelled'
            ? p
            : await serviceProblems.transition(`${key}/cancelled`, p.id, 'cancelled', '1.A.2.3.4', detail, moved);
        await wakeEventDelivery(eventSubscriptions, SERVICE_PROBLEM_API);
        return { serviceProblemId: p.id, update: updateFor(cancelled, '1.A.2.3.4', detail) };
      },
    },
  );
}
