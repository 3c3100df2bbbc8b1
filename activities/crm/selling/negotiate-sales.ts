import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Quote, negotiatedDiscountPct, priceLine } from '../../../src/domain/lifecycle/sales';
import type { Ports } from '../../../src/ports';
import { mustProspect } from './prospect';

export const ProposeInput = z.object({
  prospectId: z.string().min(1),
  termMonths: z.union([z.literal(12), z.literal(24), z.literal(36)]),
  requestedDiscountPct: z.number().int().min(0).max(100),
  validUntil: z.iso.datetime(),
});
export const DecideInput = z.object({
  quoteId: z.string().min(1),
  decision: z.enum(['accepted', 'declined', 'expired']),
  reason: z.string().nullable().default(null),
});
export const OrderedInput = z.object({ quoteId: z.string().min(1), orderId: z.string().min(1) });
export const NegotiateOutput = Quote;

/**
 * 1.F.1.4.3 — put a priced proposal to the customer (the discount negotiated within the
 * pricing policy), record the customer's decision, and the order the agreement became.
 */
export function createNegotiateSales(ports: Pick<Ports, 'sales' | 'catalog' | 'notifications' | 'clock'>) {
  const { sales, catalog, notifications, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcessHandlers(
    {
      etomId: '1.F.1.4.3',
      handlers: {
        propose: { input: ProposeInput, output: NegotiateOutput },
        decide: { input: DecideInput, output: NegotiateOutput },
        ordered: { input: OrderedInput, output: NegotiateOutput },
      },
    },
    {
      async propose(input, call) {
        const p = await mustProspect(sales, input.prospectId);
        if (p.state !== 'qualified') {
          return reject(BusinessErrorType.InvalidStateTransition, `prospect ${p.id} is ${p.state}, not qualified`);
        }
        const discountPct = negotiatedDiscountPct(input.requestedDiscountPct, input.termMonths, p.segment);
        const lines = [];
        for (const n of p.needs) {
          const o = await catalog.getOffering(n.productOfferingId);
          if (!o) return reject(BusinessErrorType.InvalidInput, `unknown offering ${n.productOfferingId}`);
          lines.push({ ...n, ...priceLine(o, n.quantity, discountPct) });
        }
        const oneTimeMinor = lines.reduce((s, l) => s + l.oneTimeMinor, 0);
        const recurringMinor = lines.reduce((s, l) => s + l.recurringMinor, 0);
        const quote = await sales.createQuote(
          `${call.idempotencyKey}/quote`,
          {
            prospectId: p.id,
            customerId: p.customerId,
            lines,
            termMonths: input.termMonths,
            discountPct,
            oneTimeMinor,
            recurringMinor,
            contractValueMinor: oneTimeMinor + recurringMinor * input.termMonths,
            validUntil: input.validUntil,
          },
          now(),
        );
        await notifications.send(`${call.idempotencyKey}/notify`, {
          recipient: p.email,
          channel: 'email',
          subject: `Your quote ${quote.id}`,
          body:
            `${lines.map((l) => `${l.quantity} × ${l.productOfferingId} (${l.region})`).join(', ')}: ` +
            `${oneTimeMinor} + ${recurringMinor}/month over ${input.termMonths} months (discount ${discountPct}%), ` +
            `valid until ${input.validUntil}.`,
          reference: quote.id,
        });
        return quote;
      },
      async decide(input, call) {
        return sales.moveQuote(call.idempotencyKey, input.quoteId, input.decision, { reason: input.reason }, now());
      },
      async ordered(input, call) {
        return sales.moveQuote(call.idempotencyKey, input.quoteId, 'ordered', { orderId: input.orderId }, now());
      },
    },
  );
}
