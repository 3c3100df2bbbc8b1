import { CancellationScope, type ChildWorkflowHandle, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CrmActivities } from '../../../activities/crm';
import type { ReceiveOrderOutput } from '../../../src/domain/fulfilment/customer-order';
import type {
  Characteristics,
  ProductOrderItemAction,
  ProductOrderRequestInput,
  ProductOrderState,
} from '../../../src/domain/fulfilment/product-order';
import type { ResourceAvailability } from '../../../src/domain/fulfilment/resource-order';
import type { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { SYSTEM_CALL } from '../../shared/activity-options';
import { logDecision } from '../../shared/decision-log';
import { markProgress } from '../../shared/search-attributes';
import type { serviceOrder } from '../../smo/service-configuration-activation';
import type { ProductOrderView } from '../order-handling';

export const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);

export const TERMINAL: readonly ProductOrderState[] = ['rejected', 'completed', 'partial', 'failed', 'cancelled'];
/** After these SM&O processes the service is built: the item can no longer be amended. */
export const IMPLEMENTED: readonly string[] = ['1.F.2.2.4', '1.F.2.2.5', '1.F.2.2.6'];

/** One order's run: what its steps share, and what its message handlers set between them. */
export interface OrderRun {
  orderId: string;
  input: ProductOrderRequestInput;
  view: ProductOrderView;
  /** Held in an object: set by the cancel update, read by the main flow between its steps. */
  cancel: { request?: { reason: string } };
  /** The service orders are being started: an amendment waits until they all are. */
  issuing: boolean;
  /** Bumped whenever the committed date moves, so a stale jeopardy timer stands down. */
  commitment: number;
  jeopardyAt: string | null;
  /** The order as validated by 1.F.1.5.3 (defaults filled in); amendments wait for it. */
  validated: { request?: NonNullable<ReceiveOrderOutput['request']> };
  started: Map<string, ChildWorkflowHandle<typeof serviceOrder>>;
  /** What RM&O had for each service when 1.F.1.5.1 asked, by `availabilityKey`: design reuses it. */
  availability: Map<string, ResourceAvailability>;
  /** The service orders run in this scope, which the cancel update cancels. */
  fulfilment: CancellationScope;
  /** Every service order has ended: the jeopardy watch stands down. */
  done: boolean;
  /** What each item does (#12), as received: its action, its complete characteristics, a modify's before. */
  items: Map<
    string,
    { action: ProductOrderItemAction; characteristics: Characteristics; before: Characteristics | null }
  >;
  /** The items whose service orders were never started: what they relied on did not complete. */
  heldBack: Set<string>;
  /** Amendments accepted and still being taken: a modify's follow-up waits for them (#12). */
  amending: { count: number };
}

export function newOrderRun(input: ProductOrderRequestInput): OrderRun {
  return {
    orderId: workflowInfo().workflowId,
    input,
    view: {
      orderId: workflowInfo().workflowId,
      customerId: input.customerId,
      state: 'acknowledged',
      reason: null,
      currentProcess: '1.FAB.1.2.1',
      committedDate: null,
      jeopardies: [],
      items: input.items.map((i) => ({
        itemId: i.id,
        action: i.action ?? 'add',
        state: 'acknowledged',
        reason: null,
        serviceOrders: [],
      })),
    },
    cancel: {},
    issuing: false,
    commitment: 0,
    jeopardyAt: null,
    validated: {},
    started: new Map(),
    availability: new Map(),
    fulfilment: new CancellationScope(),
    done: false,
    items: new Map(),
    heldBack: new Set(),
    amending: { count: 0 },
  };
}

/** One service of one order item: how feasibility's answers meet the service orders. */
export const availabilityKey = (itemId: string, cfsSpecId: string) => `${itemId}/${cfsSpecId}`;

export const timings = (run: OrderRun): FulfilmentTimings => run.validated.request!.timings;

export const item = (run: OrderRun, itemId: string) => run.view.items.find((i) => i.itemId === itemId)!;

/** The order enters a Level-3 process. */
export function at(run: OrderRun, process: string): void {
  run.view.currentProcess = process;
  markProgress({ process, state: run.view.state, layer: 'CRM', customerId: run.input.customerId });
}

/** 1.F.1.5.4 records the order's new state before the order shows it. */
export async function setState(run: OrderRun, state: ProductOrderState, reason: string | null): Promise<void> {
  await crm.trackAndManageCustomerOrderHandling({ action: 'order', orderId: run.orderId, state, reason });
  run.view.state = state;
  run.view.reason = reason;
  markProgress({ state });
}

/** A decision of Order Handling, logged with the process that took it and the order's id. */
export function decided(run: OrderRun, what: string, etomId: string, attributes: Record<string, unknown> = {}): void {
  logDecision(what, etomId, { productOrderId: run.orderId, ...attributes });
}
