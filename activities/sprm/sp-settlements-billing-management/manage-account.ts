import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { SupplierPaymentQuestion } from '../../../src/domain/lifecycle/partner-interaction';
import type { Ports } from '../../../src/ports';
import type { SupplierUsage } from '../../../src/ports/settlements';
import { Id, Money } from './amounts';

export const ManageSPAccountInput = z.object({
  period: Id,
  /** A supplier's payment question routed here by 1.FAB.4.6.1: answered from the account, nothing recorded for a period. */
  question: SupplierPaymentQuestion.optional(),
});
const SupplierAccount = z.object({
  supplierId: z.string(),
  resources: z.array(z.string()),
  expectedMinor: Money,
  revenueSharePct: z.number(),
});
export const ManageSPAccountOutput = z.object({
  period: z.string(),
  suppliers: z.array(SupplierAccount),
  /** The answer given to the supplier's question (recorded on its request and sent to it). */
  answer: z.record(z.string(), z.unknown()).optional(),
});

/** Our record of each supplier: its resources and what they cost us a period. */
function bySupplier(usage: SupplierUsage[]): Array<z.infer<typeof SupplierAccount>> {
  const out = new Map<string, z.infer<typeof SupplierAccount>>();
  for (const u of usage) {
    const s = out.get(u.supplierId) ?? {
      supplierId: u.supplierId,
      resources: [],
      expectedMinor: 0,
      revenueSharePct: u.revenueSharePct,
    };
    s.resources.push(u.resourceId);
    s.expectedMinor += u.expectedMinor;
    out.set(u.supplierId, s);
  }
  return [...out.values()];
}

/**
 * 1.B.4.5.1 — keep internal records of what each supplier provided us in the period (each of
 * its resources in service, at its contract price), to check its invoice and settle with it.
 * A supplier's payment question that its interface (1.FAB.4.6.1) could not answer is answered
 * here from the same records as they stand, with the invoices we hold from it: the answer is
 * recorded on its request and sent to it.
 */
export function createManageSPAccount(ports: Pick<Ports, 'settlements' | 'partnerInteractions' | 'notifications'>) {
  const { settlements, partnerInteractions: spi, notifications } = ports;

  async function answer(q: SupplierPaymentQuestion, key: string) {
    const [account] = bySupplier(await settlements.openAccount(q.supplierId));
    const { settlements: invoices } = await spi.paymentsOf(q.supplierId, null);
    const text = {
      answeredBy: '1.B.4.5.1',
      reference: q.reference,
      resources: account?.resources ?? [],
      expectedMinorPerPeriod: account?.expectedMinor ?? 0,
      invoices: invoices.map((i) => ({ id: i['id'], supplierReference: i['supplier_reference'], state: i['state'] })),
      received: invoices.some((i) => q.reference !== null && i['supplier_reference'] === q.reference),
    };
    const request = await spi.answerRequest(q.requestId, text);
    const supplier = await spi.getSupplier(q.supplierId);
    if (supplier)
      await notifications.send(`${key}/answer`, {
        recipient: supplier.email,
        channel: request.channel === 'portal' ? 'portal' : 'email',
        subject: `Your request ${request.id} (payment${q.reference ? ` ${q.reference}` : ''})`,
        body: JSON.stringify(text),
        reference: request.id,
      });
    return { suppliers: account ? [account] : [], answer: text };
  }

  return defineProcess(
    { etomId: '1.B.4.5.1', input: ManageSPAccountInput, output: ManageSPAccountOutput },
    async (input, call) => {
      if (input.question) return { period: input.period, ...(await answer(input.question, call.idempotencyKey)) };
      const usage = await settlements.recordSupplierUsage(call.idempotencyKey, input.period);
      return { period: input.period, suppliers: bySupplier(usage) };
    },
  );
}
