import {
  ParentClosePolicy,
  condition,
  executeChild,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { BillingTimings, BillRunRequest, PaymentNotice } from '../../src/domain/billing/billing';
import { SYSTEM_CALL } from '../shared/activity-options';
import { getCollectionQuery, paymentReceivedSignal } from '../shared/billing-messages';
import { markProgress } from '../shared/search-attributes';
import { childStart, type ChildExtras } from '../shared/child';
import {
  usageCollection,
  usageCollectionStart,
  usageCollectionWorkflowId,
  type UsageCollectionResult,
} from '../rmo/resource-data-collection-processing';
import {
  partnerSettlement,
  partnerSettlementStart,
  partnerSettlementWorkflowId,
  type PartnerSettlementResult,
} from '../sprm/sp-settlements-billing-management';
import { BillRunRequest as BillRunRequestContract } from '../../src/domain/billing/billing';
import { validInput } from '../shared/valid-input';
import { BillCollectionInput, BillingInquiryInput } from '../../src/domain/workflow-inputs';
import { FulfilmentTimings } from '../../src/domain/fulfilment/timings';
import { serviceOrder, serviceOrderStart } from '../smo/service-configuration-activation';

/**
 * Billing & Collections Management (1.B.1.8). `billingAndCollections` is one bill cycle,
 * started by the bill-cycle Schedule: it opens the cycle on the billing accounts (1.B.1.8.4),
 * has RM&O collect the usage, which SM&O rates (children, by reference), prices each account
 * (1.B.1.8.2, SLA credits included), makes and sends each bill (1.B.1.8.3), and leaves one
 * `billCollection` per bill (1.B.1.8.5) to outlive it; then S/PRM settles with the suppliers.
 */

const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);

export type CollectionState = 'awaitingPayment' | 'dunning' | 'suspended' | 'paid' | 'restored' | 'unrecovered';
export interface CollectionView {
  billId: string;
  state: CollectionState;
  outstandingMinor: number;
  dunningStep: number;
  suspendedProducts: string[];
  /** The SM&O service orders that suspended and resumed the services (#12). */
  serviceOrders: Array<{ serviceOrderId: string; serviceId: string; action: 'suspend' | 'resume'; state: string }>;
  /** Why a suspension or resumption did not happen: a service order that did not complete. */
  failure: string | null;
}

/**
 * From this patch on, dunning's suspension (1.B.1.8.5) suspends each service of the products
 * through SM&O (service order `suspend`, contract 1) before the products are recorded
 * suspended, and payment resumes them (`resume`) before they are restored. Before, only the
 * products' status changed.
 */
export const DUNNING_ORDERS_SERVICES = 'dunning-suspends-services';

export interface BillRunResult {
  billRunId: string;
  periodStart: string;
  periodEnd: string;
  usage: UsageCollectionResult;
  bills: Array<{
    billId: string;
    customerId: string;
    totalMinor: number;
    usageMinor: number;
    creditsMinor: number;
    creditIds: string[];
    documentPath: string;
    collectionWorkflowId: string;
  }>;
  settlement: PartnerSettlementResult | null;
}

/**
 * A bill's collection outlives its run, so its id must not meet another's on the same
 * namespace: bill ids are only unique within one store, while stores (a test's, a demo's data
 * dir) may share a Temporal server. Runs from before this patch keep the id they started with.
 */
export const billCollectionWorkflowId = (billRunId: string, billId: string) =>
  patched('bill-collection-id-per-run') ? `billCollection/${billRunId}/${billId}` : `billCollection/${billId}`;

export async function billingAndCollections(req: BillRunRequest): Promise<BillRunResult> {
  validInput(BillRunRequestContract, req);
  const billRunId = req.billRunId ?? workflowInfo().workflowId;
  const periodEnd = new Date().toISOString();
  markProgress({ layer: 'CRM', process: '1.B.1.8.4', state: 'opening' });
  const cycle = await crm.manageCustomerBillingAccount({ action: 'openCycle', billRunId, periodEnd });

  // RM&O collects and hands over to SM&O rating; what comes back is counts, not records.
  const usage = await executeChild(
    usageCollection,
    usageCollectionStart(usageCollectionWorkflowId(billRunId), {
      collectionId: `${billRunId}/usage`,
      periodEnd: cycle.periodEnd!,
      cycleId: billRunId,
    }),
  );

  markProgress({ process: '1.B.1.8.2', state: 'billing' });
  const bills = await Promise.all(
    cycle.accounts.map(async (a) => {
      const priced = await crm.applyPricingDiscountingAndRebates({ billRunId, billingAccountId: a.billingAccountId });
      const sent = await crm.createAndDeliverBill({
        billId: priced.billId,
        paymentTermMs: req.timings.paymentTerm,
        invoiceDir: req.invoiceDir,
      });
      // Collection outlives the bill run: it waits weeks for payment.
      const child = await startChild(
        billCollection,
        billCollectionStart(
          billCollectionWorkflowId(billRunId, priced.billId),
          { billId: priced.billId, customerId: priced.customerId, totalMinor: priced.totalMinor, timings: req.timings },
          { parentClosePolicy: ParentClosePolicy.ABANDON },
        ),
      );
      return {
        billId: priced.billId,
        customerId: priced.customerId,
        totalMinor: priced.totalMinor,
        usageMinor: priced.usageMinor,
        creditsMinor: priced.creditsMinor,
        creditIds: priced.creditIds,
        documentPath: sent.documentPath,
        collectionWorkflowId: child.workflowId,
      };
    }),
  );

  const settlement = req.settle
    ? await executeChild(
        partnerSettlement,
        partnerSettlementStart(partnerSettlementWorkflowId(billRunId), { period: billRunId }),
      )
    : null;
  await crm.manageCustomerBillingAccount({ action: 'closeCycle', billRunId });
  markProgress({ state: 'completed' });
  return { billRunId, periodStart: cycle.periodStart!, periodEnd: cycle.periodEnd!, usage, bills, settlement };
}

/**
 * Collection of one bill (1.B.1.8.5): payments as they arrive (signal), and when the bill is
 * not paid by its due date, a dunning sequence on durable timers — reminder, final notice,
 * then suspension of the account's products; a payment afterwards restores them.
 */
/** A bill's collection runs on the CRM queue, as the bill run does. */
export function billCollectionStart(
  workflowId: string,
  input: Parameters<typeof billCollection>[0],
  extras?: ChildExtras,
) {
  return childStart<typeof billCollection>('crm', workflowId, [input], extras);
}

export async function billCollection(input: {
  billId: string;
  customerId: string;
  totalMinor: number;
  timings: BillingTimings;
}): Promise<CollectionView> {
  validInput(BillCollectionInput, input);
  const view: CollectionView = {
    billId: input.billId,
    state: 'awaitingPayment',
    outstandingMinor: input.totalMinor,
    dunningStep: 0,
    suspendedProducts: [],
    serviceOrders: [],
    failure: null,
  };
  setHandler(getCollectionQuery, () => copy());
  const inbox: PaymentNotice[] = [];
  setHandler(paymentReceivedSignal, (p) => void inbox.push(p));
  markProgress({ layer: 'CRM', process: '1.B.1.8.5', state: view.state, customerId: input.customerId });

  const settled = () => view.outstandingMinor <= 0;
  /** Waits up to `ms` for payments, applies each, and says whether the bill is paid. */
  const waitForPayment = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (!settled()) {
      const left = deadline - Date.now();
      if (left <= 0 || !(await condition(() => inbox.length > 0, left))) break;
      while (inbox.length) {
        const p = inbox.shift()!;
        const out = await crm.manageCollection({ action: 'payment', billId: input.billId, ...p });
        view.outstandingMinor = out.outstandingMinor;
      }
    }
    return settled();
  };

  if (settled() || (await waitForPayment(input.timings.paymentTerm))) return finish('paid');
  const steps = ['reminder', 'finalNotice'] as const;
  view.state = 'dunning';
  for (const stepAction of steps) {
    view.dunningStep++;
    markProgress({ state: 'dunning' });
    await crm.manageCollection({ action: 'dunning', billId: input.billId, step: view.dunningStep, stepAction });
    if (await waitForPayment(input.timings.dunningInterval)) return finish('paid');
  }
  view.dunningStep++;
  const ordersServices = patched(DUNNING_ORDERS_SERVICES);
  if (ordersServices && !(await orderServices('suspend'))) {
    // Nothing suspended (the services are as before): collection still waits for the payment.
    return finish((await waitForPayment(input.timings.suspensionWait)) ? 'paid' : 'unrecovered');
  }
  const suspended = await crm.manageCollection({ action: 'suspend', billId: input.billId, step: view.dunningStep });
  view.suspendedProducts = suspended.products;
  view.state = 'suspended';
  markProgress({ state: 'suspended' });
  if (!(await waitForPayment(input.timings.suspensionWait))) return finish('unrecovered');
  view.dunningStep++;
  // Paid: the products stay suspended in the inventory while their services do in the network.
  if (ordersServices && !(await orderServices('resume'))) return finish('paid');
  await crm.manageCollection({ action: 'restore', billId: input.billId, step: view.dunningStep });
  return finish('restored');

  /**
   * One SM&O service order per service dunning acts on (contract 1: SM&O puts a failed one back
   * itself), all at once; true when every one completed. A suspension is all or nothing: when
   * one fails, those suspended are resumed, so every service is as before.
   */
  async function orderServices(action: 'suspend' | 'resume'): Promise<boolean> {
    const { services } = await crm.manageCollection({ action: 'services', billId: input.billId, phase: action });
    const order = async (s: (typeof services)[number], act: 'suspend' | 'resume') => {
      const id = `${workflowInfo().workflowId}.${act}.${s.serviceId}`;
      const entry = { serviceOrderId: id, serviceId: s.serviceId, action: act, state: 'inProgress' };
      view.serviceOrders.push(entry);
      try {
        const r = await executeChild(
          serviceOrder,
          serviceOrderStart(id, {
            serviceOrderId: id,
            productOrderId: s.productOrderId,
            itemId: s.itemId,
            customerId: s.customerId,
            region: s.region,
            cfsSpecId: s.cfsSpecId,
            action: act,
            serviceId: s.serviceId,
            characteristics: {},
            timings: FulfilmentTimings.parse({}),
          }),
        );
        entry.state = r.state;
        if (r.state !== 'completed') view.failure ??= `${act} of ${s.serviceId}: ${r.reason ?? r.state}`;
      } catch (err) {
        entry.state = 'failed';
        view.failure ??= `${act} of ${s.serviceId}: ${err instanceof Error ? err.message : String(err)}`;
      }
      return entry.state === 'completed';
    };
    const done = await Promise.all(services.map((s) => order(s, action)));
    if (done.every(Boolean)) return true;
    if (action === 'suspend') await Promise.all(services.filter((_, i) => done[i]).map((s) => order(s, 'resume')));
    return false;
  }

  function copy(): CollectionView {
    return {
      ...view,
      suspendedProducts: [...view.suspendedProducts],
      serviceOrders: view.serviceOrders.map((o) => ({ ...o })),
    };
  }

  function finish(state: CollectionState): CollectionView {
    view.state = state;
    markProgress({ state });
    return copy();
  }
}

/** A billing inquiry runs on the CRM queue (Customer Interface Management hands it over). */
export function billingInquiryStart(
  workflowId: string,
  input: Parameters<typeof billingInquiry>[0],
  extras?: ChildExtras,
) {
  return childStart<typeof billingInquiry>('crm', workflowId, [input], extras);
}

/**
 * A customer questions a charge (1.B.1.8.1): the rated record answers, and an adjustment
 * follows when the question holds. Started by the contact centre or the self-care portal.
 */
export async function billingInquiry(input: {
  customerId: string;
  billId: string;
  usageRecordId: number;
  claim: string;
}) {
  validInput(BillingInquiryInput, input);
  markProgress({ layer: 'CRM', process: '1.B.1.8.1', state: 'investigating', customerId: input.customerId });
  const answer = await crm.manageCustomerBillingInquiries(input);
  markProgress({ state: answer.state });
  return answer;
}
