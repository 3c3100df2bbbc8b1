import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { ProductOrderItemState, ProductOrderState } from '../../domain/fulfilment/product-order';
import type { Characteristics } from '../../domain/fulfilment/product-order';
import type { ProductOrderItemRecord, ProductOrderRecord, ProductRecord } from '../../ports/product-orders';

// The product order tables' rows as `pg` returns them (jsonb parsed, timestamptz as Date,
// BIGINT as text), and how each reads into the port's records.

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
  one_time_minor: string;
  recurring_minor: string;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export interface ItemRow {
  order_id: string;
  item_id: string;
  action: 'add';
  product_offering_id: string;
  region: string;
  characteristics: Characteristics;
  state: ProductOrderItemState;
  state_reason: string | null;
  service_order_ids: string[];
  product_id: string | null;
}

export interface ProductRow {
  id: string;
  customer_id: string;
  product_offering_id: string;
  order_id: string;
  item_id: string;
  billing_account_id: string;
  status: ProductRecord['status'];
  recurring_minor: string;
  one_time_minor: string;
  service_ids: string[];
  region: string;
  start_date: Date;
}

const toItem = (r: ItemRow): ProductOrderItemRecord => ({
  itemId: r.item_id,
  action: r.action,
  productOfferingId: r.product_offering_id,
  region: r.region,
  characteristics: r.characteristics,
  state: r.state,
  stateReason: r.state_reason,
  serviceOrderIds: r.service_order_ids,
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
    oneTimeMinor: Number(r.one_time_minor),
    recurringMinor: Number(r.recurring_minor),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    completedAt: r.completed_at?.toISOString() ?? null,
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
  recurringMinor: Number(r.recurring_minor),
  oneTimeMinor: Number(r.one_time_minor),
  serviceIds: r.service_ids,
  region: r.region,
  startDate: r.start_date.toISOString(),
});
