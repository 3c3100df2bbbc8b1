import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { Id, Money } from './amounts';

export const NegotiateAndApproveSPInvoiceInput = z.object({ invoiceId: Id });
export const NegotiateAndApproveSPInvoiceOutput = z.object({
  invoiceId: z.string(),
  disputeId: z.string().nullable(),
  disputeState: z.enum(['open', 'accepted', 'refused']).nullable(),
  disputedMinor: Money,
  approvedMinor: Money,
});

/** 1.B.4.5.3 — dispute with the supplier what its invoice charges beyond our records, then approve the invoice. */
export function createNegotiateAndApproveSPInvoice(ports: Pick<Ports, 'settlements'>) {
  const { settlements } = ports;
  return defineProcess(
    { etomId: '1.B.4.5.3', input: NegotiateAndApproveSPInvoiceInput, output: NegotiateAndApproveSPInvoiceOutput },
    async (input, call) => {
      const dispute = await settlements.dispute(`${call.idempotencyKey}/dispute`, input.invoiceId);
      const approved = await settlements.approve(`${call.idempotencyKey}/approve`, input.invoiceId);
      return {
        invoiceId: approved.id,
        disputeId: dispute?.disputeId ?? null,
        disputeState: dispute?.state ?? null,
        disputedMinor: dispute?.amountMinor ?? 0,
        approvedMinor: approved.approvedMinor ?? 0,
      };
    },
  );
}
