import { executeChild, patched } from '@temporalio/workflow';
import type { ReceiveOrderOutput } from '../../../src/domain/fulfilment/customer-order';
import { businessRejection } from '../../shared/failures';
import { markProgress } from '../../shared/search-attributes';
import {
  serviceFeasibility,
  serviceFeasibilityId,
  serviceFeasibilityStart,
} from '../../smo/service-configuration-activation';
import type { ProductOrderOutcome } from '../order-handling';
import { closeWithCustomer, type OrderContact } from './customer-interface';
import { followUps } from './lifecycle';
import { at, availabilityKey, crm, decided, type OrderRun, timings } from './run';

/** The Level-3 steps of Order Handling (1.F.1.5) before and after its service orders run. */

type Issued = Awaited<ReturnType<typeof crm.receivePurchaseOrderAndIssueOrders>>;

/**
 * 1.F.1.5.3 — receive: validate the order, record it, decompose its products. An order that
 * fails validation is never recorded (there is no valid order to keep): null, the order rejected.
 */
export async function receivePurchaseOrder(run: OrderRun, contact: OrderContact): Promise<ReceiveOrderOutput | null> {
  at(run, '1.F.1.5.3');
  try {
    const received = await crm.receivePurchaseOrderAndIssueOrders({
      action: 'receive',
      orderId: run.orderId,
      contactId: contact.contactId,
      requestId: contact.requestId,
      order: run.input,
    });
    run.validated.request = received.request ?? undefined;
    return received;
  } catch (err) {
    const rejection = businessRejection(err);
    if (!rejection) throw err;
    decided(run, 'order rejected: not valid', '1.F.1.5.3');
    run.view.state = 'rejected';
    run.view.reason = rejection.message;
    for (const i of run.view.items) i.state = 'rejected';
    return null;
  }
}

/**
 * 1.F.1.5.1 — feasibility: SM&O assesses each service (asking RM&O), nothing is reserved.
 * Why the order cannot be delivered, or null.
 */
async function determineCustomerOrderFeasibility(run: OrderRun, received: ReceiveOrderOutput) {
  at(run, '1.F.1.5.1');
  // A change of a product the customer holds is SM&O's to redesign (1.F.2.2): feasibility
  // assesses what an add would newly deliver.
  const adds = received.decomposition.filter((d) => (d.action ?? 'add') === 'add');
  const assessments = await Promise.all(
    adds.flatMap((d) =>
      d.cfsSpecIds.map(async (cfsSpecId) => {
        const { availability, ...assessment } = await executeChild(
          serviceFeasibility,
          serviceFeasibilityStart(serviceFeasibilityId(run.orderId, d.itemId, cfsSpecId), {
            cfsSpecId,
            region: d.region,
            characteristics: d.characteristics,
          }),
        );
        // 1.F.2.2.2's text: what design needs of the infrastructure reaches it through Order Handling.
        if (availability) run.availability.set(availabilityKey(d.itemId, cfsSpecId), availability);
        return { itemId: d.itemId, ...assessment };
      }),
    ),
  );
  const feasibility = await crm.determineCustomerOrderFeasibility({ orderId: run.orderId, assessments });
  if (feasibility.feasible) return null;
  const reasons = feasibility.items.filter((i) => !i.feasible).map((i) => `${i.itemId}: ${i.reasons.join('; ')}`);
  return `not feasible — ${reasons.join(' | ')}`;
}

/**
 * From this patch on, credit (1.F.1.5.2) is authorized beside feasibility (1.F.1.5.1). Runs
 * made before it authorize credit after a feasible answer, as they did.
 */
export const CREDIT_ALONGSIDE_FEASIBILITY = 'credit-alongside-feasibility';

/**
 * 1.F.1.5.1 and 1.F.1.5.2 side by side: the text orders neither before the other, and they
 * share nothing but the recorded order, which both only read; each writes its own decision
 * (feasibility, creditDecision). Why the order is not feasible, or null; and why credit was
 * refused, or null — `undefined` when credit is still to be asked (runs made before the patch).
 * Feasibility decides first: an order it rejects is rejected for that reason.
 */
export async function determineFeasibilityAndCredit(
  run: OrderRun,
  received: ReceiveOrderOutput,
): Promise<{ infeasible: string | null; refused?: string | null }> {
  if (!patched(CREDIT_ALONGSIDE_FEASIBILITY))
    return { infeasible: await determineCustomerOrderFeasibility(run, received) };
  const [infeasible, refused] = await Promise.all([
    determineCustomerOrderFeasibility(run, received),
    authorizeCredit(run),
  ]);
  if (infeasible) run.view.currentProcess = '1.F.1.5.1';
  return { infeasible, refused };
}

/** 1.F.1.5.2 — credit authorization: why credit was refused, or null. */
export async function authorizeCredit(run: OrderRun): Promise<string | null> {
  at(run, '1.F.1.5.2');
  const credit = await crm.authorizeCredit({ orderId: run.orderId });
  return credit.authorized ? null : `credit refused: ${credit.reason}`;
}

/** 1.F.1.5.3 — issue the service orders; 1.F.1.5.4 — commit a date, which the jeopardy watch keeps. */
export async function issueOrdersAndCommit(run: OrderRun): Promise<Issued> {
  at(run, '1.F.1.5.3');
  run.issuing = true;
  const issued = await crm.receivePurchaseOrderAndIssueOrders({
    action: 'issue',
    orderId: run.orderId,
    timings: timings(run),
  });
  run.view.state = 'inProgress';
  for (const i of run.view.items) i.state = 'inProgress';
  at(run, '1.F.1.5.4');
  const committed = await crm.trackAndManageCustomerOrderHandling({
    action: 'commit',
    orderId: run.orderId,
    now: new Date().toISOString(),
    jeopardyMargin: timings(run).jeopardyMargin,
  });
  run.view.committedDate = committed.order.committedDate;
  run.jeopardyAt = committed.jeopardyAt;
  return issued;
}

/** 1.F.1.5.5 — complete: products on the billing account, services handed to assurance. */
export async function completeCustomerOrder(
  run: OrderRun,
  contact: OrderContact,
  serviceIds: (serviceOrderId: string) => string | undefined,
): Promise<ProductOrderOutcome> {
  const { view } = run;
  at(run, '1.F.1.5.5');
  const completed = await crm.completeCustomerOrder({
    orderId: run.orderId,
    services: view.items.map((it) => ({
      itemId: it.itemId,
      serviceIds: it.serviceOrders.map((s) => serviceIds(s.id)).filter((s): s is string => !!s),
    })),
  });
  view.state = completed.order.state;
  view.reason = completed.order.stateReason;
  markProgress({ state: view.state });
  const handedOver = await followUps(run, completed);
  const outcome = await closeWithCustomer(run, contact, view.state === 'failed' ? 'rejected' : 'closed');
  return {
    ...outcome,
    billingAccountId: completed.billingAccountId,
    products: completed.products,
    ...(completed.changes?.length ? { changes: completed.changes } : {}),
    ...(handedOver ?? {}),
  };
}
