import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { ProductOrderItemState, ProductOrderState } from '../../domain/fulfilment/product-order';
import type {
  ProductChargePeriod,
  ProductOrderItemRecord,
  ProductOrderRecord,
  ProductRecord,
} from '../../ports/product-orders';
import { json } from './database';

// The product order tables' rows and how each reads into the port's records.

export interface OrderRow {
  id: string;
  customer_id: string;
  channel: string;
  state: ProductOrderState;
  state_reason: string | null;
  contact_id: string | null;
  request_id: string | null;
  requested_completion_date: string | null;
  committed_date: string | null;
  billing_account_id: string | null;
  quote_id: string | null;
  discount_pct: number;
  one_time_minor: number;
  recurring_minor: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface ItemRow {
  order_id: string;
  item_id: string;
  action: ProductOrderItemRecord['action'];
  product_offering_id: string;
  region: string;
  characteristics: string;
  state: ProductOrderItemState;
  state_reason: string | null;
  service_order_ids: string;
  product_id: string | null;
}

/** An order's row with one of its items (LEFT JOIN: the item's columns are null when it has none). */
export type OrderItemRow = OrderRow &
  Omit<ItemRow, 'order_id' | 'item_id' | 'state' | 'state_reason'> & {
    item_id: string | null;
    item_state: ProductOrderItemState;
    item_state_reason: string | null;
  };

export interface ProductRow {
  id: string;
  customer_id: string;
  product_offering_id: string;
  order_id: string;
  item_id: string;
  billing_account_id: string;
  status: ProductRecord['status'];
  recurring_minor: number;
  one_time_minor: number;
  service_ids: string;
  region: string;
  start_date: string;
  characteristics: string;
}

export interface ChargePeriodRow {
  product_id: string;
  valid_from: string;
  valid_to: string | null;
  recurring_minor: number;
  status: ProductRecord['status'];
  order_id: string | null;
}

export const toChargePeriod = (r: ChargePeriodRow): ProductChargePeriod => ({
  productId: r.product_id,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  recurringMinor: r.recurring_minor,
  status: r.status,
  orderId: r.order_id,
});

export const toItem = (r: ItemRow): ProductOrderItemRecord => ({
  itemId: r.item_id,
  action: r.action,
  productOfferingId: r.product_offering_id,
  region: r.region,
  characteristics: json.parse(r.characteristics),
  state: r.state,
  stateReason: r.state_reason,
  serviceOrderIds: json.parse(r.service_order_ids),
  productId: r.product_id,
});

export const toOrder = (id: string, r: OrderRow | undefined, items: ItemRow[]): ProductOrderRecord => {
  if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `no product order ${id}`);
  return {
    id: r.id,
    customerId: r.customer_id,
    channel: r.channel,
    state: r.state,
    stateReason: r.state_reason,
    contactId: r.contact_id,
    requestId: r.request_id,
    requestedCompletionDate: r.requested_completion_date,
    committedDate: r.committed_date,
    billingAccountId: r.billing_account_id,
    quoteId: r.quote_id,
    discountPct: r.discount_pct,
    oneTimeMinor: r.one_time_minor,
    recurringMinor: r.recurring_minor,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    completedAt: r.completed_at,
    items: items.map(toItem),
  };
};
export const toProduct = (r: ProductRow): ProductRecord => ({
  id: r.id,
  customerId: r.customer_id,
  productOfferingId: r.product_offering_id,
  orderId: r.order_id,
  itemId: r.item_id,
  billingAccountId: r.billing_account_id,
  status: r.status,
  recurringMinor: r.recurring_minor,
  oneTimeMinor: r.one_time_minor,
  serviceIds: json.parse(r.service_ids),
  region: r.region,
  startDate: r.start_date,
  characteristics: json.parse(r.characteristics ?? '{}'),
});

/** Whether an update changed the order as it is shown (its stamp aside): a rewrite of the same date is no news. */
export const changedOrder = (before: ProductOrderRecord, after: ProductOrderRecord): boolean =>
  JSON.stringify({ ...before, updatedAt: null }) !== JSON.stringify({ ...after, updatedAt: null });
