import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { msToNumber } from '@temporalio/common/lib/time';
import {
  Characteristics,
  ProductOrderItemState,
  ProductOrderRequest,
  ProductOrderState,
} from '../../src/domain/fulfilment/product-order';
import { finalOrderState, isTerminalOrderState } from '../../src/domain/fulfilment/product-order-lifecycle';
import { ServiceFeasibility, ServiceOrderRequest } from '../../src/domain/fulfilment/service-order';
import { Duration, FulfilmentTimings } from '../../src/domain/fulfilment/timings';
import { priceLine } from '../../src/domain/lifecycle/sales';
import type { Ports } from '../../src/ports';
import type { ProductOrderRecord } from '../../src/ports/product-orders';

/**
 * Order Handling (1.F.1.5): accepting and issuing the customer's orders. The workflow
 * (workflows/crm/order-handling.ts) runs these five processes; each owns its part of the
 * TMF622 order record in the store.
 */

const OrderView = z.object({
  id: z.string(),
  customerId: z.string(),
  state: ProductOrderState,
  stateReason: z.string().nullable(),
  committedDate: z.string().nullable(),
  items: z.array(
    z.object({
      itemId: z.string(),
      productOfferingId: z.string(),
      state: ProductOrderItemState,
      stateReason: z.string().nullable(),
      serviceOrderIds: z.array(z.string()),
      productId: z.string().nullable(),
    }),
  ),
});
export type OrderView = z.infer<typeof OrderView>;

const view = (o: ProductOrderRecord): OrderView => ({
  id: o.id,
  customerId: o.customerId,
  state: o.state,
  stateReason: o.stateReason,
  committedDate: o.committedDate,
  items: o.items.map((i) => ({
    itemId: i.itemId,
    productOfferingId: i.productOfferingId,
    state: i.state,
    stateReason: i.stateReason,
    serviceOrderIds: i.serviceOrderIds,
    productId: i.productId,
  })),
});

// 1.F.1.5.3 ------------------------------------------------------------------------------

export const ReceiveOrderInput = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('receive'),
    orderId: z.string().min(1),
    contactId: z.string().nullable(),
    requestId: z.string().nullable(),
    /** The order as the customer sent it: validated here, at the boundary of the layer. */
    order: ProductOrderRequest,
  }),
  z.object({ action: z.literal('issue'), orderId: z.string().min(1), timings: FulfilmentTimings }),
]);
export type ReceiveOrderInput = z.input<typeof ReceiveOrderInput>;

export const ReceiveOrderOutput = z.object({
  order: OrderView,
  /** On 'receive': the order as validated, defaults filled in (timings). */
  request: ProductOrderRequest.nullable(),
  /** What each item decomposes into: the customer-facing services SM&O must deliver. */
  decomposition: z.array(
    z.object({
      itemId: z.string(),
      region: z.string(),
      cfsSpecIds: z.array(z.string()),
      characteristics: Characteristics,
    }),
  ),
  leadTimeDays: z.number().int(),
  /** On 'issue': the service orders to hand to SM&O, one per customer-facing service. */
  serviceOrders: z.array(ServiceOrderRequest),
});
export type ReceiveOrderOutput = z.infer<typeof ReceiveOrderOutput>;

// 1.F.1.5.1 ------------------------------------------------------------------------------

export const FeasibilityInput = z.object({
  orderId: z.string().min(1),
  assessments: z.array(ServiceFeasibility.extend({ itemId: z.string() })),
});
export const FeasibilityOutput = z.object({
  feasible: z.boolean(),
  items: z.array(
    z.object({
      itemId: z.string(),
      feasible: z.boolean(),
      reasons: z.array(z.string()),
      viaSupplier: z.array(z.string()),
    }),
  ),
});
export type FeasibilityOutput = z.infer<typeof FeasibilityOutput>;

// 1.F.1.5.2 ------------------------------------------------------------------------------

export const CreditInput = z.object({ orderId: z.string().min(1) });
export const CreditDecision = z.object({
  authorized: z.boolean(),
  reason: z.string(),
  creditScore: z.number().int(),
  /** What the customer would owe if the order went ahead: outstanding + one-time + 3 months. */
  exposureMinor: z.number().int(),
  creditLimitMinor: z.number().int(),
  depositMinor: z.number().int(),
});
export type CreditDecision = z.infer<typeof CreditDecision>;

/**
 * The enterprise's credit policy. A fraud flag or a debt more than 60 days late refuses
 * outright; otherwise the exposure must fit the limit; a middling score asks a deposit.
 */
export const CREDIT_POLICY = {
  maxDaysPastDue: 60,
  minScore: 450,
  depositBelowScore: 650,
  exposureMonths: 3,
} as const;

// 1.F.1.5.4 ------------------------------------------------------------------------------

export const TrackInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('commit'), orderId: z.string(), now: z.string(), jeopardyMargin: Duration }),
  z.object({
    action: z.literal('order'),
    orderId: z.string(),
    state: ProductOrderState,
    reason: z.string().nullable(),
  }),
  z.object({
    action: z.literal('item'),
    orderId: z.string(),
    itemId: z.string(),
    state: ProductOrderItemState,
    reason: z.string().nullable(),
  }),
  z.object({ action: z.literal('jeopardy'), orderId: z.string(), openItems: z.array(z.string()) }),
  z.object({
    action: z.literal('amend'),
    orderId: z.string(),
    requestedCompletionDate: z.string().optional(),
    items: z.array(z.object({ itemId: z.string(), characteristics: Characteristics })).default([]),
    jeopardyMargin: Duration,
  }),
]);
export type TrackInput = z.input<typeof TrackInput>;
export const TrackOutput = z.object({
  order: OrderView,
  jeopardyId: z.string().nullable().default(null),
  /** When the order is declared in jeopardy if still open: committed date less the margin. */
  jeopardyAt: z.string().nullable().default(null),
});

// 1.F.1.5.5 ------------------------------------------------------------------------------

export const CompleteInput = z.object({
  orderId: z.string(),
  /** Services SM&O activated, per item, as handed back by the service orders. */
  services: z.array(z.object({ itemId: z.string(), serviceIds: z.array(z.string()) })),
});
export const CompleteOutput = z.object({
  order: OrderView,
  billingAccountId: z.string().nullable(),
  products: z.array(
    z.object({
      productId: z.string(),
      itemId: z.string(),
      serviceIds: z.array(z.string()),
      recurringMinor: z.number().int(),
    }),
  ),
  notificationId: z.string(),
});
export type CompleteOutput = z.infer<typeof CompleteOutput>;

const DAY_MS = 86_400_000;

const jeopardyDate = (committedDate: string, margin: Duration) =>
  new Date(Date.parse(committedDate) - msToNumber(margin)).toISOString();

export function createOrderHandlingActivities(
  ports: Pick<Ports, 'catalog' | 'customerManagement' | 'productOrders' | 'sales' | 'notifications' | 'clock'>,
) {
  const { catalog, customerManagement: customers, productOrders, sales, notifications, clock } = ports;
  const now = () => clock().toISOString();
  const mustGet = async (orderId: string) =>
    (await productOrders.get(orderId)) ?? reject(BusinessErrorType.NotFound, `no product order ${orderId}`);

  /** The terms an order is priced at: its quote's, or the catalog's (no discount) without one. */
  const quoteTerms = async (orderId: string, request: ProductOrderRequest) => {
    if (!request.quoteId) return { quoteId: null, discountPct: 0, offeringIds: null };
    const quote = await sales.getQuote(request.quoteId);
    if (!quote) return reject(BusinessErrorType.InvalidInput, `unknown quote ${request.quoteId}`);
    // A quote made to a prospect belongs to the customer the prospect became (1.F.1.4.4).
    const owner = quote.customerId ?? (await sales.getProspect(quote.prospectId))?.customerId;
    if (owner !== request.customerId) {
      return reject(BusinessErrorType.InvalidInput, `quote ${quote.id} was not made to customer ${request.customerId}`);
    }
    // Selling marks the accepted quote ordered for one order before placing it: its terms price no other.
    if (quote.state !== 'ordered' || quote.orderId !== orderId) {
      return reject(
        BusinessErrorType.InvalidInput,
        `quote ${quote.id} is ${quote.state}${quote.orderId ? ` for order ${quote.orderId}` : ''}, not ordered for ${orderId}`,
      );
    }
    return {
      quoteId: quote.id,
      discountPct: quote.discountPct,
      offeringIds: new Set(quote.lines.map((l) => l.productOfferingId)),
    };
  };

  /** 1.F.1.5.1 — can these products be delivered there? Decided from SM&O's assessments. */
  const determineCustomerOrderFeasibility = defineProcess(
    { etomId: '1.F.1.5.1', input: FeasibilityInput, output: FeasibilityOutput },
    async ({ orderId, assessments }) => {
      const order = await mustGet(orderId);
      const items = order.items.map((item) => {
        const mine = assessments.filter((a) => a.itemId === item.itemId);
        const reasons = mine.flatMap((a) => a.reasons);
        if (mine.length === 0) reasons.push('no service assessment received for this item');
        return {
          itemId: item.itemId,
          feasible: mine.length > 0 && mine.every((a) => a.feasible),
          reasons,
          viaSupplier: mine.flatMap((a) => a.supplierComponents),
        };
      });
      const result = { feasible: items.every((i) => i.feasible), items };
      await productOrders.update(orderId, { feasibility: result }, now());
      return result;
    },
  );

  /** 1.F.1.5.2 — is the customer creditworthy for this order? Real rules on real credit data. */
  const authorizeCredit = defineProcess(
    { etomId: '1.F.1.5.2', input: CreditInput, output: CreditDecision },
    async ({ orderId }) => {
      const order = await mustGet(orderId);
      const profile =
        (await customers.getCreditProfile(order.customerId)) ??
        reject(BusinessErrorType.NotFound, `no credit profile for ${order.customerId}`);
      const exposureMinor =
        profile.outstandingMinor + order.oneTimeMinor + CREDIT_POLICY.exposureMonths * order.recurringMinor;
      const base = { creditScore: profile.creditScore, exposureMinor, creditLimitMinor: profile.creditLimitMinor };
      let decision: CreditDecision;
      if (profile.fraudFlag)
        decision = { ...base, authorized: false, reason: 'account flagged for fraud', depositMinor: 0 };
      else if (profile.daysPastDue > CREDIT_POLICY.maxDaysPastDue)
        decision = { ...base, authorized: false, reason: `debt ${profile.daysPastDue} days past due`, depositMinor: 0 };
      else if (profile.creditScore < CREDIT_POLICY.minScore)
        decision = {
          ...base,
          authorized: false,
          reason: `credit score ${profile.creditScore} below ${CREDIT_POLICY.minScore}`,
          depositMinor: 0,
        };
      else if (exposureMinor > profile.creditLimitMinor)
        decision = {
          ...base,
          authorized: false,
          reason: `exposure ${exposureMinor} exceeds credit limit ${profile.creditLimitMinor}`,
          depositMinor: 0,
        };
      else {
        const deposit = profile.creditScore < CREDIT_POLICY.depositBelowScore ? order.recurringMinor : 0;
        decision = {
          ...base,
          authorized: true,
          reason: deposit ? 'authorized with a deposit' : 'authorized',
          depositMinor: deposit,
        };
      }
      await productOrders.update(orderId, { creditDecision: decision }, now());
      return decision;
    },
  );

  /** 1.F.1.5.3 — validate and record the order; then issue correct, complete service orders. */
  const receivePurchaseOrderAndIssueOrders = defineProcess(
    { etomId: '1.F.1.5.3', input: ReceiveOrderInput, output: ReceiveOrderOutput },
    async (input, call) => {
      if (input.action === 'receive') {
        const { order: request } = input;
        if (request.externalId !== input.orderId) {
          return reject(
            BusinessErrorType.InvalidInput,
            `externalId ${request.externalId} is not the order id ${input.orderId}`,
          );
        }
        const customer = await customers.getCustomer(request.customerId);
        if (!customer) return reject(BusinessErrorType.InvalidInput, `unknown customer ${request.customerId}`);
        if (customer.status !== 'active') {
          return reject(BusinessErrorType.InvalidInput, `customer ${customer.id} is ${customer.status}`);
        }
        const ids = request.items.map((i) => i.id);
        if (new Set(ids).size !== ids.length)
          return reject(BusinessErrorType.InvalidInput, 'order item ids must be unique');
        const terms = await quoteTerms(input.orderId, request);
        const decomposition = [];
        let oneTimeMinor = 0;
        let recurringMinor = 0;
        let leadTimeDays = 0;
        for (const item of request.items) {
          const offering = await catalog.getOffering(item.productOfferingId);
          if (!offering)
            return reject(
              BusinessErrorType.InvalidInput,
              `item ${item.id}: unknown offering ${item.productOfferingId}`,
            );
          if (terms.offeringIds && !terms.offeringIds.has(item.productOfferingId)) {
            return reject(
              BusinessErrorType.InvalidInput,
              `item ${item.id}: offering ${item.productOfferingId} is not on quote ${terms.quoteId}`,
            );
          }
          const price = priceLine(offering, 1, terms.discountPct);
          oneTimeMinor += price.oneTimeMinor;
          recurringMinor += price.recurringMinor;
          leadTimeDays = Math.max(leadTimeDays, offering.leadTimeDays);
          decomposition.push({
            itemId: item.id,
            region: item.region,
            cfsSpecIds: offering.cfsSpecIds,
            characteristics: item.characteristics,
          });
        }
        const order = await productOrders.create(
          call.idempotencyKey,
          {
            id: input.orderId,
            customerId: request.customerId,
            channel: request.channel,
            contactId: input.contactId,
            requestId: input.requestId,
            requestedCompletionDate: request.requestedCompletionDate ?? null,
            quoteId: terms.quoteId,
            discountPct: terms.discountPct,
            oneTimeMinor,
            recurringMinor,
            items: request.items.map((i) => ({
              itemId: i.id,
              action: i.action,
              productOfferingId: i.productOfferingId,
              region: i.region,
              characteristics: i.characteristics,
            })),
          },
          now(),
        );
        return { order: view(order), request, decomposition, leadTimeDays, serviceOrders: [] };
      }

      // Issue: one service order per customer-facing service, from the order as it stands now
      // (amendments made before issue are in the store).
      const order = await mustGet(input.orderId);
      if (order.state !== 'acknowledged' && order.state !== 'inProgress') {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `order ${order.id} is ${order.state}: nothing to issue`,
        );
      }
      const serviceOrders: ServiceOrderRequest[] = [];
      const decomposition = [];
      let leadTimeDays = 0;
      for (const item of order.items) {
        const offering = (await catalog.getOffering(item.productOfferingId))!;
        leadTimeDays = Math.max(leadTimeDays, offering.leadTimeDays);
        decomposition.push({
          itemId: item.itemId,
          region: item.region,
          cfsSpecIds: offering.cfsSpecIds,
          characteristics: item.characteristics,
        });
        const ids: string[] = [];
        for (const cfsSpecId of offering.cfsSpecIds) {
          const serviceOrderId = `${order.id}/${item.itemId}/${cfsSpecId}`;
          ids.push(serviceOrderId);
          serviceOrders.push({
            serviceOrderId,
            productOrderId: order.id,
            itemId: item.itemId,
            customerId: order.customerId,
            region: item.region,
            cfsSpecId,
            action: 'add',
            characteristics: item.characteristics,
            timings: input.timings,
          });
        }
        await productOrders.update(
          order.id,
          { itemServiceOrders: { itemId: item.itemId, serviceOrderIds: ids } },
          now(),
        );
        await productOrders.transitionItem(
          `${call.idempotencyKey}/${item.itemId}`,
          order.id,
          item.itemId,
          'inProgress',
          'service orders issued',
          now(),
        );
      }
      const issued = await productOrders.transition(
        `${call.idempotencyKey}/order`,
        order.id,
        'inProgress',
        'service orders issued',
        now(),
      );
      return { order: view(issued), request: null, decomposition, leadTimeDays, serviceOrders };
    },
  );

  /**
   * 1.F.1.5.4 — track the order against its committed date, update its status as things
   * change, act when the plan is at risk (jeopardy), take amendments, end tracking at the end.
   */
  const trackAndManageCustomerOrderHandling = defineProcess(
    { etomId: '1.F.1.5.4', input: TrackInput, output: TrackOutput },
    async (input, call) => {
      const order = await mustGet(input.orderId);
      switch (input.action) {
        case 'commit': {
          let leadTimeDays = 0;
          for (const i of order.items) {
            leadTimeDays = Math.max(leadTimeDays, (await catalog.getOffering(i.productOfferingId))?.leadTimeDays ?? 0);
          }
          const earliest = new Date(Date.parse(input.now) + leadTimeDays * DAY_MS).toISOString();
          // The customer's date is kept when asked for; the plan is then at risk from the start
          // if it is sooner than the lead time, which the jeopardy timer will say.
          const committedDate = order.requestedCompletionDate ?? earliest;
          return {
            order: view(await productOrders.update(order.id, { committedDate }, now())),
            jeopardyAt: jeopardyDate(committedDate, input.jeopardyMargin),
          };
        }
        case 'order':
          return {
            order: view(
              await productOrders.transition(call.idempotencyKey, order.id, input.state, input.reason, now()),
            ),
          };
        case 'item':
          return {
            order: view(
              await productOrders.transitionItem(
                call.idempotencyKey,
                order.id,
                input.itemId,
                input.state,
                input.reason,
                now(),
              ),
            ),
          };
        case 'jeopardy': {
          if (isTerminalOrderState(order.state)) return { order: view(order) };
          const customer = await customers.getCustomer(order.customerId);
          const jeopardyId = await productOrders.recordJeopardy(`${call.idempotencyKey}/record`, {
            orderId: order.id,
            committedDate: order.committedDate ?? now(),
            detectedAt: now(),
            openItems: input.openItems,
            action: 'customer informed; order escalated to fulfilment supervisor',
          });
          await notifications.send(`${call.idempotencyKey}/notify`, {
            recipient: customer?.email ?? order.customerId,
            channel: 'email',
            subject: `Your order ${order.id} may be late`,
            body: `We may miss the date we committed to (${order.committedDate}) for item(s) ${input.openItems.join(', ')}. We are on it and will keep you informed.`,
            reference: order.id,
          });
          return { order: view(order), jeopardyId };
        }
        case 'amend': {
          if (isTerminalOrderState(order.state)) {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `order ${order.id} is ${order.state}: it can no longer be amended`,
            );
          }
          for (const a of input.items) {
            if (!order.items.some((i) => i.itemId === a.itemId))
              return reject(BusinessErrorType.NotFound, `no item ${a.itemId}`);
          }
          let updated = order;
          for (const a of input.items) {
            const current = updated.items.find((i) => i.itemId === a.itemId)!;
            updated = await productOrders.update(
              order.id,
              {
                itemCharacteristics: {
                  itemId: a.itemId,
                  characteristics: { ...current.characteristics, ...a.characteristics },
                },
              },
              now(),
            );
          }
          if (input.requestedCompletionDate) {
            updated = await productOrders.update(
              order.id,
              { requestedCompletionDate: input.requestedCompletionDate, committedDate: input.requestedCompletionDate },
              now(),
            );
          }
          const committed = updated.committedDate;
          return { order: view(updated), jeopardyAt: committed ? jeopardyDate(committed, input.jeopardyMargin) : null };
        }
      }
    },
  );

  /**
   * 1.F.1.5.5 — close the order with the customer: what was delivered becomes products in the
   * inventory on the customer's billing account (what billing charges), with the services
   * behind them (what assurance supports), and the customer is told.
   */
  const completeCustomerOrder = defineProcess(
    { etomId: '1.F.1.5.5', input: CompleteInput, output: CompleteOutput },
    async ({ orderId, services }, call) => {
      const order = await mustGet(orderId);
      const completed = order.items.filter((i) => i.state === 'completed');
      let billingAccountId: string | null = null;
      const products = [];
      if (completed.length > 0) {
        billingAccountId = await productOrders.ensureBillingAccount(
          `${call.idempotencyKey}/account`,
          order.customerId,
          now(),
        );
        await productOrders.update(order.id, { billingAccountId }, now());
        for (const item of completed) {
          // The order's terms: the discount its quote agreed (none without one) on the offering's price.
          const price = priceLine((await catalog.getOffering(item.productOfferingId))!, 1, order.discountPct);
          const serviceIds = services.find((s) => s.itemId === item.itemId)?.serviceIds ?? [];
          const p = await productOrders.recordProduct(`${call.idempotencyKey}/product/${item.itemId}`, {
            customerId: order.customerId,
            productOfferingId: item.productOfferingId,
            orderId: order.id,
            itemId: item.itemId,
            billingAccountId,
            recurringMinor: price.recurringMinor,
            oneTimeMinor: price.oneTimeMinor,
            serviceIds,
            region: item.region,
            startDate: now(),
          });
          products.push({ productId: p.id, itemId: item.itemId, serviceIds, recurringMinor: p.recurringMinor });
        }
      }
      const finalState = isTerminalOrderState(order.state)
        ? order.state
        : finalOrderState(order.items.map((i) => i.state));
      const closed = isTerminalOrderState(order.state)
        ? order
        : await productOrders.transition(
            `${call.idempotencyKey}/state`,
            order.id,
            finalState,
            `${completed.length} of ${order.items.length} item(s) delivered`,
            now(),
          );
      const customer = await customers.getCustomer(order.customerId);
      const lines = closed.items.map(
        (i) => `- ${i.itemId} ${i.productOfferingId}: ${i.state}${i.stateReason ? ` (${i.stateReason})` : ''}`,
      );
      const n = await notifications.send(`${call.idempotencyKey}/notify`, {
        recipient: customer?.email ?? order.customerId,
        channel: 'email',
        subject: `Your order ${order.id} is ${closed.state}`,
        body: [`Order ${order.id}: ${closed.state}.`, ...lines].join('\n'),
        reference: order.id,
      });
      return { order: view(closed), billingAccountId, products, notificationId: n.id };
    },
  );

  return {
    determineCustomerOrderFeasibility,
    authorizeCredit,
    receivePurchaseOrderAndIssueOrders,
    trackAndManageCustomerOrderHandling,
    completeCustomerOrder,
  };
}
