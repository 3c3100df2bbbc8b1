import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ServiceProblemRequest, ServiceProblemUpdate } from '../../../src/domain/assurance/messages';
import { ServiceProblemState } from '../../../src/domain/assurance/states';
import { AssuranceTimings } from '../../../src/domain/assurance/timings';
import { SERVICE_PROBLEM_API, serviceProblemEvent } from '../../../src/events/service-problem-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { Id, Test, elementTests, sharedFaults, updateFor } from './service-problem';

const Impact = z.object({ services: z.array(Id), customers: z.array(Id) });

export const EvaluateInput = z.object({ request: ServiceProblemRequest, workflowId: Id });
export type EvaluateInput = z.input<typeof EvaluateInput>;
export const EvaluateOutput = z.object({
  serviceProblemId: Id,
  state: ServiceProblemState,
  serviceId: Id,
  customerId: Id,
  region: Id.nullable(),
  timings: AssuranceTimings,
  /** The end-to-end test passed on a customer's report: most likely a matter of usage. */
  customerUsage: z.boolean(),
  test: Test.nullable(),
  impact: Impact,
  /** The other services on the failing elements, with their customers: each gets its own problem. */
  related: z
    .array(z.object({ serviceId: Id, customerId: Id }))
    .max(500)
    .default([]),
  estimatedRestoration: z.iso.datetime().nullable(),
  update: ServiceProblemUpdate,
});
export type EvaluateOutput = z.output<typeof EvaluateOutput>;

/**
 * 1.A.2.3.1 Evaluate & Qualify Problem — record the problem, test the service end to end (is
 * the customer using it correctly?), find who else is affected — a failing element whose
 * equipment above fails too is that equipment's fault, shared by every service under it — and
 * estimate the restoration for CRM: the SLA's restore time, or the operator's restoration
 * target when that is sooner.
 */
export function createEvaluateAndQualifyServiceProblem(
  ports: Pick<Ports, 'serviceProblems' | 'serviceInventory' | 'networkActivation' | 'eventSubscriptions'>,
) {
  const { serviceProblems, serviceInventory: services, networkActivation: network, eventSubscriptions } = ports;
  const moved = serviceProblemEvent('ServiceProblemStateChangeEvent');

  return defineProcess(
    { etomId: '1.A.2.3.1', input: EvaluateInput, output: EvaluateOutput },
    async ({ request: req, workflowId }, call) => {
      const key = call.idempotencyKey;
      const recorded = await serviceProblems.record(
        `${key}/record`,
        {
          id: req.serviceProblemId,
          origin: req.origin,
          serviceId: req.serviceId,
          customerId: req.customerId,
          description: req.description,
          urgency: req.urgency,
          troubleTicketId: req.troubleTicket?.ticketId ?? null,
          resourceTroubleId: req.resourceTrouble?.troubleId ?? null,
          workflowId,
        },
        serviceProblemEvent('ServiceProblemCreateEvent'),
      );
      const service = await services.getService(req.serviceId);
      const base = {
        serviceProblemId: recorded.id,
        serviceId: req.serviceId,
        customerId: req.customerId,
        region: service?.region ?? null,
        timings: req.timings,
      };
      if (!service || service.state !== 'active' || service.customerId !== req.customerId) {
        const detail = `${req.serviceId} is not an active service of ${req.customerId}`;
        const rejected = await serviceProblems.transition(
          `${key}/rejected`,
          recorded.id,
          'rejected',
          '1.A.2.3.1',
          detail,
          moved,
        );
        await wakeEventDelivery(eventSubscriptions, SERVICE_PROBLEM_API);
        return {
          ...base,
          state: rejected.state,
          customerUsage: false,
          test: null,
          impact: { services: [], customers: [] },
          related: [],
          estimatedRestoration: null,
          update: updateFor(rejected, '1.A.2.3.1', detail),
        };
      }

      const test = await network.testService(req.serviceId);
      const customerUsage = req.origin === 'customer' && test.passed;
      let failing: string[] = [];
      if (req.resourceTrouble) failing = [req.resourceTrouble.resourceId];
      else if (!test.passed) {
        const tests = await elementTests(network, await serviceProblems.elementsOf(req.serviceId));
        failing = await sharedFaults(
          network,
          tests.filter((t) => !t.test.passed).map((t) => t.element),
        );
      }
      const affected = await serviceProblems.servicesOn(failing);
      const impact = {
        services: [...new Set([req.serviceId, ...affected.map((a) => a.serviceId)])].sort(),
        customers: [...new Set([req.customerId, ...affected.map((a) => a.customerId)])].sort(),
      };
      const restoreHours = (service.assurance as { sla?: { restoreHours?: number } } | null)?.sla?.restoreHours;
      const within = Math.min(
        restoreHours === undefined ? Infinity : restoreHours * 3_600_000,
        req.timings.restorationTarget,
      );
      const estimatedRestoration = customerUsage
        ? null
        : new Date(Date.parse(recorded.startedAt) + within).toISOString();
      const related = affected
        .filter((a) => a.serviceId !== req.serviceId)
        .map(({ serviceId, customerId }) => ({ serviceId, customerId }));
      await serviceProblems.update(`${key}/qualified`, recorded.id, { impact, estimatedRestoration });
      const detail = customerUsage
        ? `the service works end to end (${test.detail}): checking how it is used`
        : `service test failed (${test.detail}); ${impact.services.length} service(s) of ${impact.customers.length} customer(s) affected`;
      const qualified = await serviceProblems.transition(
        `${key}/inProgress`,
        recorded.id,
        'inProgress',
        '1.A.2.3.1',
        detail,
        moved,
      );
      await wakeEventDelivery(eventSubscriptions, SERVICE_PROBLEM_API);
      return {
        ...base,
        state: qualified.state,
        customerUsage,
        test,
        impact,
        related,
        estimatedRestoration,
        update: updateFor(qualified, '1.A.2.3.1', detail),
      };
    },
  );
}
