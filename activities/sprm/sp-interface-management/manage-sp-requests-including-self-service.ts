import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import {
  SupplierHandOff,
  SupplierPaymentQuestion,
  type SupplierProgress,
  SupplierRequest,
  SupplierRequestInput,
  type SupplierRequestTopic,
} from '../../../src/domain/lifecycle/partner-interaction';
import type { Ports } from '../../../src/ports';
import { handOffFor, REPORT_RECEIVERS } from './hand-off';
import { SUPPLIER_REQUEST_ROUTES } from './request-routes';

export const ManageSPRequestsInput = SupplierRequestInput;
/**
 * The request as recorded, the running process its report goes to (the workflow signals it),
 * and a payment question for S/P Settlements & Billing Management (the workflow starts it).
 */
export const ManageSPRequestsOutput = SupplierRequest.extend({
  handOff: SupplierHandOff.nullable().default(null),
  paymentQuestion: SupplierPaymentQuestion.nullable().default(null),
});

/**
 * 1.FAB.4.6.1 — accept the supplier's request; answer it from what the enterprise knows
 * (its orders, the problems we reported to it, what we owe it), or hand it to the process
 * that can; tell the supplier either way.
 */
export function createManageSPRequests(ports: Pick<Ports, 'partnerInteractions' | 'notifications' | 'clock'>) {
  const { partnerInteractions: spi, notifications, clock } = ports;

  /** What the store can tell the supplier about its request (self-service), or null when it cannot. */
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

  /** The running process that follows what the supplier reports on, found from its reference. */
  async function receiverOf(supplierId: string, progress: SupplierProgress, reference: string | null) {
    const [orders, problems] =
      progress.about === 'requisition'
        ? [await spi.ordersOf(supplierId, reference), []]
        : [[], await spi.problemsOf(supplierId, reference)];
    return handOffFor(progress, { orders, problems }, clock().toISOString());
  }

  return defineProcess(
    { etomId: '1.FAB.4.6.1', input: ManageSPRequestsInput, output: ManageSPRequestsOutput },
    async (input, call) => {
      const supplier = await spi.getSupplier(input.supplierId);
      if (!supplier) return reject(BusinessErrorType.NotFound, `no supplier ${input.supplierId}`);
      // A report goes to the process that follows what it is about, when one still runs; the
      // supplier is told what the store knows of it, as for a question.
      const handOff = input.report ? await receiverOf(supplier.id, input.report, input.reference) : null;
      const answer = await answerFromStore(supplier.id, input.topic, input.reference);
      const routedTo = handOff
        ? REPORT_RECEIVERS[input.report!.about]
        : answer
          ? null
          : SUPPLIER_REQUEST_ROUTES[input.topic];
      const request = await spi.recordRequest(
        `${call.idempotencyKey}/record`,
        { ...input, status: routedTo ? 'routed' : 'answered', routedTo, answer },
        clock().toISOString(),
      );
      await notifications.send(`${call.idempotencyKey}/reply`, {
        recipient: supplier.email,
        channel: input.channel === 'portal' ? 'portal' : 'email',
        subject: `Your request ${request.id} (${input.topic}${input.reference ? ` ${input.reference}` : ''})`,
        body: routedTo ? `Passed to process ${routedTo}; we will come back to you.` : JSON.stringify(answer),
        reference: request.id,
      });
      // A payment question the store cannot answer is 1.B.4.5's to answer from its account.
      const paymentQuestion =
        routedTo === SUPPLIER_REQUEST_ROUTES.payment && input.topic === 'payment'
          ? { requestId: request.id, supplierId: supplier.id, reference: input.reference }
          : null;
      return { ...request, handOff, paymentQuestion };
    },
  );
}
