import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerSlaRequest } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import type { SlaBreach } from '../../../src/ports/customer-sla';
import { recipientOf } from './customer-period';

const Id = z.string().min(1);
const Breach = z.object({ kind: z.enum(['availability', 'restoreTime']), objective: z.number(), achieved: z.number() });
export const AssessInput = CustomerSlaRequest;
export const AssessOutput = z.object({
  assessments: z
    .array(
      z.object({ assessmentId: Id, serviceId: Id, verdict: z.enum(['met', 'violated']), breaches: z.array(Breach) }),
    )
    .max(500),
  violated: z.number().int().nonnegative(),
  /** Services reported on that carry no SLA: nothing to hold them to. */
  unassessed: z.array(Id).max(500),
});
/**
 * 1.A.1.7.1 — hold each service's KQIs against the customer's SLA (availability objective,
 * restoration time); every assessment is kept: the customer's quality record.
 */
export function createAssessCustomerQoSPerformance(ports: Pick<Ports, 'customerSla' | 'customerManagement'>) {
  const { customerSla, customerManagement: customers } = ports;
  return defineProcess({ etomId: '1.A.1.7.1', input: AssessInput, output: AssessOutput }, async (input, call) => {
    const { customerId, periodStart, periodEnd } = input;
    await recipientOf(customers, customerId);
    const assessments = [];
    const unassessed = [];
    for (const k of input.kqis) {
      const c = await customerSla.commitment(k.serviceId);
      if (!c) return reject(BusinessErrorType.NotFound, `no service ${k.serviceId}`);
      if (k.customerId !== customerId || c.customerId !== customerId) {
        return reject(BusinessErrorType.ConflictingRequest, `service ${k.serviceId} is not ${customerId}'s`);
      }
      if (c.availabilityPct === null || c.restoreHours === null) {
        unassessed.push(k.serviceId);
        continue;
      }
      const objectiveBp = Math.round(c.availabilityPct * 100);
      const restoreObjectiveMinutes = Math.round(c.restoreHours * 60);
      const breaches: SlaBreach[] = [];
      if (k.availabilityBp < objectiveBp)
        breaches.push({ kind: 'availability', objective: objectiveBp, achieved: k.availabilityBp });
      if (k.mttrMinutes !== null && k.mttrMinutes > restoreObjectiveMinutes)
        breaches.push({ kind: 'restoreTime', objective: restoreObjectiveMinutes, achieved: k.mttrMinutes });
      const a = await customerSla.recordAssessment(`${call.idempotencyKey}/${k.serviceId}`, {
        customerId,
        serviceId: k.serviceId,
        productId: c.productId,
        periodStart,
        periodEnd,
        objectiveBp,
        availabilityBp: k.availabilityBp,
        restoreObjectiveMinutes,
        mttrMinutes: k.mttrMinutes,
        outageMinutes: k.outageMinutes,
        incidents: k.incidents,
        verdict: breaches.length ? 'violated' : 'met',
        breaches,
      });
      assessments.push({ assessmentId: a.id, serviceId: a.serviceId, verdict: a.verdict, breaches: a.breaches });
    }
    return { assessments, violated: assessments.filter((a) => a.verdict === 'violated').length, unassessed };
  });
}
