import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import {
  InteractionReport,
  SupplierRequest,
  SupplierRequestInput,
  type SupplierRequestTopic,
} from '../../src/domain/lifecycle/partner-interaction';
import type { Ports } from '../../src/ports';

/**
 * S/P Interface Management (1.FAB.4.6): every request a supplier or partner makes reaches the
 * enterprise here; what the store knows is answered at once (self-service), the rest goes to
 * the process that can settle it; and the interactions are analysed to improve how we work
 * with each supplier.
 */

/** Where a request the store cannot answer goes, by topic. */
export const SUPPLIER_REQUEST_ROUTES: Record<SupplierRequestTopic, string> = {
  order: '1.F.4.2', // S/P Requisition Management
  problem: '1.A.4.3', // S/P Problem Reporting & Management
  payment: '1.B.4.5', // S/P Settlements & Billing Management
  other: '1.FAB.4.6', // a person at the supplier interface
};

export const AnalyzeInteractionsInput = z.object({ supplierId: z.string().min(1).nullable().default(null) });
export type AnalyzeInteractionsInput = z.input<typeof AnalyzeInteractionsInput>;

export function createSpInterfaceManagementActivities(
  ports: Pick<Ports, 'partnerInteractions' | 'notifications' | 'clock'>,
) {
  const { partnerInteractions: spi, notifications, clock } = ports;
  const now = () => clock().toISOString();

  /** What the store can tell the supplier about its request, or null when it cannot. */
  async function answerFromStore(supplierId: string, topic: SupplierRequestTopic, reference: string | null) {
    if (topic === 'order') {
      const orders = await spi.ordersOf(supplierId, reference);
      return orders.length ? { orders } : null;
    }
    if (topic === 'problem') {
      const problems = await spi.problemsOf(supplierId, reference);
      return problems.length ? { problems } : null;
    }
    if (topic === 'payment') {
      const payments = await spi.paymentsOf(supplierId, reference);
      return payments.lines.length || payments.settlements.length ? payments : null;
    }
    return null;
  }

  /**
   * 1.FAB.4.6.1 — accept the supplier's request; answer it from what the enterprise knows
   * (its orders, the problems we reported to it, what we owe it), or hand it to the process
   * that can; tell the supplier either way.
   */
  const manageSPRequests = defineProcess(
    { etomId: '1.FAB.4.6.1', input: SupplierRequestInput, output: SupplierRequest },
    async (input, call) => {
      const supplier = await spi.getSupplier(input.supplierId);
      if (!supplier) return reject(BusinessErrorType.NotFound, `no supplier ${input.supplierId}`);
      const answer = await answerFromStore(supplier.id, input.topic, input.reference);
      const routedTo = answer ? null : SUPPLIER_REQUEST_ROUTES[input.topic];
      const request = await spi.recordRequest(
        `${call.idempotencyKey}/record`,
        { ...input, status: answer ? 'answered' : 'routed', routedTo, answer },
        now(),
      );
      await notifications.send(`${call.idempotencyKey}/reply`, {
        recipient: supplier.email,
        channel: input.channel === 'portal' ? 'portal' : 'email',
        subject: `Your request ${request.id} (${input.topic}${input.reference ? ` ${input.reference}` : ''})`,
        body: answer ? JSON.stringify(answer) : `Passed to process ${routedTo}; we will come back to you.`,
        reference: request.id,
      });
      return request;
    },
  );

  /**
   * 1.FAB.4.6.2 — analyse the supplier's interactions and keep the report: what they ask
   * about, how much self-service answers, and what they keep asking about (where our own
   * reporting to them falls short).
   */
  const analyzeAndReportSPInteractions = defineProcess(
    { etomId: '1.FAB.4.6.2', input: AnalyzeInteractionsInput, output: InteractionReport },
    async ({ supplierId }, call) => {
      if (supplierId !== null && !(await spi.getSupplier(supplierId))) {
        return reject(BusinessErrorType.NotFound, `no supplier ${supplierId}`);
      }
      const requests = await spi.requestsOf(supplierId);
      const tally = (keys: string[]) =>
        keys.reduce<Record<string, number>>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});
      const selfServed = requests.filter((r) => r.status === 'answered').length;
      const references = tally(requests.flatMap((r) => (r.reference ? [r.reference] : [])));
      return spi.recordReport(call.idempotencyKey, {
        supplierId,
        requests: requests.length,
        byTopic: tally(requests.map((r) => r.topic)),
        byChannel: tally(requests.map((r) => r.channel)),
        selfServed,
        routed: requests.length - selfServed,
        selfServiceRateBp: requests.length ? Math.round((selfServed * 10_000) / requests.length) : 0,
        repeatedReferences: Object.keys(references)
          .filter((r) => references[r]! > 1)
          .sort(),
        createdAt: now(),
      });
    },
  );

  return { manageSPRequests, analyzeAndReportSPInteractions };
}
