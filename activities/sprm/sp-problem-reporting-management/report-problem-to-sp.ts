import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessRejection } from '../../../src/contracts/errors';
import { PartnerProblemRequest } from '../../../src/domain/assurance/messages';
import { PartnerProblemView } from '../../../src/domain/assurance/partner-problem-view';
import { AssuranceTimings } from '../../../src/domain/assurance/timings';
import type { Ports } from '../../../src/ports';
import type { SupplierProblemStatus } from '../../../src/ports/partner-gateway';
import { ENDED, updateOf, viewOf } from './partner-problem';

export const ReportProblemToSPInput = PartnerProblemRequest.extend({
  /** Where the supplier's reports go: the partner problem workflow itself. */
  supplierReplyToWorkflowId: z.string().min(1),
});
export type ReportProblemToSPInput = z.input<typeof ReportProblemToSPInput>;
/** The request's timings come back parsed (milliseconds), so the workflow reads numbers whatever it was sent. */
export const ReportProblemToSPOutput = PartnerProblemView.extend({ timings: AssuranceTimings });

/** 1.A.4.3.1 — report the problem to the supplier, on the requisition the product was bought under. */
export function createReportProblemToSP(ports: Pick<Ports, 'partnerGateway' | 'partnerProblems' | 'clock'>) {
  const { partnerGateway: partners, partnerProblems, clock } = ports;
  return defineProcess(
    { etomId: '1.A.4.3.1', input: ReportProblemToSPInput, output: ReportProblemToSPOutput },
    async (input, call) => {
      const recorded = await partnerProblems.record(`${call.idempotencyKey}/record`, {
        id: input.partnerProblemId,
        serviceProblemId: input.serviceProblemId,
        serviceId: input.serviceId,
        customerId: input.customerId,
        supplierId: input.supplierId,
        requisitionId: input.requisitionId,
        resourceId: input.resourceId,
        description: input.description,
      });
      const timings = input.timings;
      if (recorded.supplierReference || ENDED.includes(recorded.state))
        return { ...viewOf(recorded, null, true), timings };
      let answer: SupplierProblemStatus;
      try {
        answer = await partners.reportProblem(`${call.idempotencyKey}/report`, {
          partnerProblemId: input.partnerProblemId,
          supplierId: input.supplierId,
          requisitionId: input.requisitionId,
          resourceId: input.resourceId,
          description: input.description,
          replyToWorkflowId: input.supplierReplyToWorkflowId,
        });
      } catch (err) {
        if (!(err instanceof BusinessRejection)) throw err;
        // The supplier will not take it (no such purchase): the problem cannot be worked with it.
        await partnerProblems.update(`${call.idempotencyKey}/refused`, recorded.id, {
          state: 'cancelled',
          resolution: `refused by ${input.supplierId}: ${err.message}`,
        });
        throw err;
      }
      await partnerProblems.addEvent(recorded.id, {
        kind: 'reported',
        detail: `${input.supplierId} ${answer.supplierReference} on ${input.requisitionId}`,
        key: 'reported',
        at: clock().toISOString(),
      });
      const p = await partnerProblems.update(`${call.idempotencyKey}/reference`, recorded.id, {
        supplierReference: answer.supplierReference,
      });
      return {
        ...viewOf(
          p,
          updateOf(
            p,
            '1.A.4.3.1',
            `reported to ${input.supplierId} as ${answer.supplierReference}: ${input.description}`,
          ),
        ),
        timings,
      };
    },
  );
}
