import type { z } from 'zod';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { PartnerPerformanceRequest } from '../../../src/domain/assurance/supplier-performance';
import type { Ports } from '../../../src/ports';

/** The supplier whose period is measured, restored and scored. */
export async function supplierOf(partnerProblems: Ports['partnerProblems'], supplierId: string) {
  return (
    (await partnerProblems.supplier(supplierId)) ?? reject(BusinessErrorType.NotFound, `no supplier ${supplierId}`)
  );
}

/** The period as 1.A.4.4.1 measured it: restoring and scoring a period come after measuring it. */
export async function measuredPeriod(
  partnerProblems: Ports['partnerProblems'],
  req: z.output<typeof PartnerPerformanceRequest>,
) {
  return (
    (await partnerProblems.performance(req)) ??
    reject(
      BusinessErrorType.InvalidStateTransition,
      `${req.supplierId}'s quality over ${req.periodStart}–${req.periodEnd} has not been measured`,
    )
  );
}

/** Basis points as the supplier reads them in a notice: 9950 → 99.50%. */
export const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
