import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { Id, Money } from './amounts';

export const NegotiateAndApproveSPInvoiceInput = z.object({ invoiceId: Id });
const DisputeState = z.enum(['open', 'accepted', 'refused']);
export const NegotiateAndApproveSPInvoiceOutput = z.object({
  invoiceId: z.string(),
  disputeId: z.string().nullable(),
  disputeState: DisputeState.nullable(),
  disputedMinor: Money,
  approvedMinor: Money,
  /** Earlier disputes with the supplier still open, negotiated again because readiness asked (1.O.4.1.4). */
  negotiatedAgain: z.array(z.object({ disputeId: z.string(), invoiceId: z.string(), state: DisputeState })).default([]),
});

/**
 * 1.B.4.5.3 — dispute with the supplier what its invoice charges beyond our records, then approve
 * the invoice. Where S/PRM readiness (1.O.4.1.4) found the supplier's settlements disputed and
 * addressed the action here, the disputes it has left open are put to it again with this
 * invoice, an invoice they held is approved once answered, and the action records what came of it.
 */
export function createNegotiateAndApproveSPInvoice(ports: Pick<Ports, 'settlements' | 'readinessReports'>) {
  const { settlements, readinessReports } = ports;

  async function settleOpenDisputes(supplierId: string, key: string, etomId: string) {
    const actions = (await readinessReports.addressedTo(etomId)).filter((a) => a.subject === `supplier:${supplierId}`);
    if (!actions.length) return [];
    const done = [];
    for (const open of await settlements.openDisputes(supplierId)) {
      const d = await settlements.negotiateAgain(`${key}/again/${open.disputeId}`, open.disputeId);
      const held = await settlements.invoice(d.invoiceId);
      if (d.state !== 'open' && held?.state === 'disputed')
        await settlements.approve(`${key}/approve/${d.invoiceId}`, d.invoiceId);
      done.push({ disputeId: d.disputeId, invoiceId: d.invoiceId, state: d.state });
    }
    const outcome = done.length
      ? `negotiated again: ${done.map((d) => `${d.disputeId} ${d.state}`).join(', ')}`
      : 'no dispute left open';
    for (const a of actions) await readinessReports.actedOn(`${key}/acted/${a.id}`, a.id, etomId, outcome);
    return done;
  }

  return defineProcess(
    {
      etomId: '1.B.4.5.3',
      input: NegotiateAndApproveSPInvoiceInput,
      output: NegotiateAndApproveSPInvoiceOutput,
    },
    async (input, call) => {
      const dispute = await settlements.dispute(`${call.idempotencyKey}/dispute`, input.invoiceId);
      const approved = await settlements.approve(`${call.idempotencyKey}/approve`, input.invoiceId);
      const negotiatedAgain = await settleOpenDisputes(approved.supplierId, call.idempotencyKey, call.etomId);
      return {
        invoiceId: approved.id,
        disputeId: dispute?.disputeId ?? null,
        disputeState: dispute?.state ?? null,
        disputedMinor: dispute?.amountMinor ?? 0,
        approvedMinor: approved.approvedMinor ?? 0,
        negotiatedAgain,
      };
    },
  );
}
