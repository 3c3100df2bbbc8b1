import type {
  Characteristics,
  ProductOrderItemAction,
  ProductOrderItemState,
  ProductOrderState,
} from '../domain/fulfilment/product-order';
import type { NewEvent } from './event-subscriptions';
import type { DateBound, Page } from './search';

export interface ProductOrderItemRecord {
  itemId: string;
  action: ProductOrderItemAction;
  productOfferingId: string;
  region: string;
  characteristics: Characteristics;
  state: ProductOrderItemState;
  stateReason: string | null;
  serviceOrderIds: string[];
  /** The product the item delivered (add), or acts on (modify, delete, noChange: set when received). */
  productId: string | null;
}

export interface ProductOrderRecord {
  id: string;
  customerId: string;
  channel: string;
  state: ProductOrderState;
  stateReason: string | null;
  contactId: string | null;
  requestId: string | null;
  requestedCompletionDate: string | null;
  committedDate: string | null;
  billingAccountId: string | null;
  /** The accepted quote the order fulfils, and the discount on recurring charges agreed in it. */
  quoteId: string | null;
  discountPct: number;
  oneTimeMinor: number;
  recurringMinor: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  items: ProductOrderItemRecord[];
}

export interface NewProductOrder {
  id: string;
  customerId: string;
  channel: string;
  contactId: string | null;
  requestId: string | null;
  requestedCompletionDate: string | null;
  quoteId: string | null;
  discountPct: number;
  oneTimeMinor: number;
  recurringMinor: number;
  items: Array<
    Pick<ProductOrderItemRecord, 'itemId' | 'action' | 'productOfferingId' | 'region' | 'characteristics'> & {
      /** The product a modify, delete or noChange acts on. */
      productId?: string | null;
    }
  >;
}

export interface ProductRecord {
  id: string;
  customerId: string;
  productOfferingId: string;
  orderId: string;
  itemId: string;
  billingAccountId: string;
  status: 'active' | 'suspended' | 'terminated';
  recurringMinor: number;
  oneTimeMinor: number;
  serviceIds: string[];
  region: string;
  startDate: string;
  /** The product's current characteristics (as added, then as each modify left them). */
  characteristics: Characteristics;
}

/** A change of a product the inventory records (1.F.1.5 on a modify or a cease; dunning's suspension). */
export interface ProductChange {
  productId: string;
  /** When the change took effect: the open charge period closes here, the next opens here. */
  at: string;
  /** The order that changed it (null: a change no order made, e.g. dunning's suspension). */
  orderId: string | null;
  /** The product's complete characteristics after the change. */
  characteristics?: Characteristics;
  recurringMinor?: number;
  status?: ProductRecord['status'];
}

/** One period of a product's price and status: `validTo` null while it is open. */
export interface ProductChargePeriod {
  productId: string;
  validFrom: string;
  validTo: string | null;
  recurringMinor: number;
  status: ProductRecord['status'];
  orderId: string | null;
}

/** A date of the order a list can be bounded by, and how. */
export type ProductOrderDateBound = DateBound<
  'createdAt' | 'completedAt' | 'requestedCompletionDate' | 'committedDate'
>;

/** Which orders to list (every given criterion holds; the values of one are alternatives), newest first. */
export interface ProductOrderSearch {
  ids?: string[];
  states?: ProductOrderState[];
  customerIds?: string[];
  channels?: string[];
  dates?: ProductOrderDateBound[];
  offset: number;
  limit: number;
}

/** Which products to list (TMF637 GET /product): every given criterion holds, newest first. */
export interface ProductSearch {
  ids?: string[];
  statuses?: ProductRecord['status'][];
  customerIds?: string[];
  productOfferingIds?: string[];
  /** The product orders that delivered them. */
  orderIds?: string[];
  dates?: DateBound<'startDate'>[];
  offset: number;
  limit: number;
}

/**
 * The event a change of the order publishes, built from the order as the change leaves it: the
 * adapter stores it with the change, in one transaction, and only when something changed.
 */
export type OrderEvent = (order: ProductOrderRecord) => NewEvent;

/**
 * Product orders (TMF622) and the product inventory they produce (TMF637). The adapter
 * enforces the TMF622 state machine: a transition it forbids is refused, and nothing changes.
 */
export interface ProductOrderPort {
  /** Records a new order, acknowledged. Recording the same id again returns the existing order. */
  create(idempotencyKey: string, order: NewProductOrder, at: string, event?: OrderEvent): Promise<ProductOrderRecord>;
  get(orderId: string): Promise<ProductOrderRecord | undefined>;
  /** One page of the orders that match, and how many match in all. */
  search(query: ProductOrderSearch): Promise<Page<ProductOrderRecord>>;
  transition(
    idempotencyKey: string,
    orderId: string,
    to: ProductOrderState,
    reason: string | null,
    at: string,
    event?: OrderEvent,
  ): Promise<ProductOrderRecord>;
  transitionItem(
    idempotencyKey: string,
    orderId: string,
    itemId: string,
    to: ProductOrderItemState,
    reason: string | null,
    at: string,
    event?: OrderEvent,
  ): Promise<ProductOrderRecord>;
  update(
    orderId: string,
    change: Partial<{
      committedDate: string;
      requestedCompletionDate: string;
      creditDecision: unknown;
      feasibility: unknown;
      billingAccountId: string;
      itemServiceOrders: { itemId: string; serviceOrderIds: string[] };
      itemCharacteristics: { itemId: string; characteristics: Characteristics };
    }>,
    at: string,
    /** Published with the change when it changed the order (a moved committed date): none for a change that changes nothing. */
    event?: OrderEvent,
  ): Promise<ProductOrderRecord>;
  history(
    orderId: string,
  ): Promise<Array<{ itemId: string | null; from: string | null; to: string; reason: string | null; at: string }>>;
  recordJeopardy(
    idempotencyKey: string,
    j: { orderId: string; committedDate: string; detectedAt: string; openItems: string[]; action: string },
  ): Promise<string>;
  jeopardies(
    orderId: string,
  ): Promise<Array<{ id: string; committedDate: string; detectedAt: string; openItems: string[]; action: string }>>;
  /** The customer's billing account, opened on first use. */
  ensureBillingAccount(idempotencyKey: string, customerId: string, at: string): Promise<string>;
  /** Records the product an order item delivered, active from `at`. */
  recordProduct(
    idempotencyKey: string,
    p: Omit<ProductRecord, 'id' | 'status' | 'characteristics'> & { characteristics?: Characteristics },
  ): Promise<ProductRecord>;
  /**
   * Records a change of the product: its characteristics, price or status from `at`. A change of
   * price or status closes the open charge period at `at` and opens the next (none once
   * terminated); a change that changes nothing writes nothing. Once per idempotency key.
   */
  recordProductChange(idempotencyKey: string, change: ProductChange): Promise<ProductRecord>;
  /** The product's charge periods, oldest first. */
  chargePeriods(productId: string): Promise<ProductChargePeriod[]>;
  productsOf(customerId: string): Promise<ProductRecord[]>;
  /** One page of the products (the product inventory) that match, and how many match in all. */
  searchProducts(query: ProductSearch): Promise<Page<ProductRecord>>;
}
