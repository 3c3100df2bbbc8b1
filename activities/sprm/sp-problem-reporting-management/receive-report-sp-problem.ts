import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { SupplierProblemReport } from '../../../src/domain/assurance/messages';
import { PartnerProblemView } from '../../../src/domain/assurance/partner-problem-view';
import type { Ports } from '../../../src/ports';
import { afterSupplier, ENDED, partnerProblemOf, updateOf, viewOf } from './partner-problem';

export const ReceiveAndReportSPProblemInput = z.object({
  partnerProblemId: z.string().min(1),
  report: SupplierProblemReport,
});
export const ReceiveAndReportSPProblemOutput = PartnerProblemView;

/** 1.A.4.3.2 — receive what the supplier reports on the problem, and say what SM&O must hear. */
export function createReceiveAndReportSPProblem(ports: Pick<Ports, 'partnerProblems'>) {
  const { partnerProblems } = ports;
  return defineProcess(
    { etomId: '1.A.4.3.2', input: ReceiveAndReportSPProblemInput, output: ReceiveAndReportSPProblemOutput },
    async ({ partnerProblemId, report }, call) => {
      const p = await partnerProblemOf(partnerProblems, partnerProblemId);
      if (p.supplierReference && report.supplierReference !== p.supplierReference) {
        return reject(
          BusinessErrorType.ConflictingRequest,
          `report ${report.supplierReference} is not about ${p.id} (${p.supplierReference})`,
        );
      }
      const fresh = await partnerProblems.addEvent(p.id, {
        kind: `supplier:${report.status}`,
        detail: report.detail,
        // A hub's event id names the report itself: its redelivery, even undated, is one.
        key: report.eventId ? `report:${report.eventId}` : `${report.status}@${report.at}`,
        at: report.at,
      });
      if (!fresh || ENDED.includes(p.state)) return viewOf(p, null, true);
      const to = afterSupplier(p, report.status);
      const moved = to
        ? await partnerProblems.update(call.idempotencyKey, p.id, {
            state: to,
            supplierReference: report.supplierReference,
          })
        : p;
      return viewOf(moved, updateOf(moved, '1.A.4.3.2', `${p.supplierId} ${report.status}: ${report.detail}`));
    },
  );
}
