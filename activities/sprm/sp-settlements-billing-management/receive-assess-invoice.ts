import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import { Id, Money } from './amounts';

export const ReceiveAndAssessSPInvoiceInput = z.object({ supplierId: Id, period: Id });
export const ReceiveAndAssessSPInvoiceOutput = z.object({
  invoiceId: z.string(),
  supplierReference: z.string(),
  totalMinor: Money,
  expectedMinor: Money,
  differenceMinor: Money,
  unmatchedLines: z.number().int(),
});

/**
 * 1.B.4.5.2 — receive the supplier's invoice for the period and compare it with our usage
 * records: what it charges, what we expected, the lines we have no record of.
 */
export function createReceiveAndAssessSPInvoice(ports: Pick<Ports, 'settlements' | 'partnerInteractions'>) {
  const { settlements, partnerInteractions } = ports;
  return defineProcess(
    { etomId: '1.B.4.5.2', input: ReceiveAndAssessSPInvoiceInput, output: ReceiveAndAssessSPInvoiceOutput },
    async (input, call) => {
      // A supplier we have no contract with sends no invoice we could take (found by the fuzzer, #16:
      // the store's foreign key refused it, a crash retried for ever).
      if (!(await partnerInteractions.getSupplier(input.supplierId)))
        return reject(BusinessErrorType.NotFound, `no supplier ${input.supplierId}`);
      const inv = await settlements.receiveInvoice(call.idempotencyKey, input.supplierId, input.period);
      const expectedMinor = inv.expectedMinor ?? 0;
      return {
        invoiceId: inv.id,
        supplierReference: inv.supplierReference,
        totalMinor: inv.totalMinor,
        expectedMinor,
        differenceMinor: inv.totalMinor - expectedMinor,
        unmatchedLines: inv.lines.filter((l) => l.expectedMinor === null).length,
      };
    },
  );
}
