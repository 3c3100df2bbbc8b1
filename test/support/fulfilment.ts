import type { WorkflowHandle } from '@temporalio/client';
import type { SqliteStore } from '../../src/adapters/sqlite';
import type { ProductOrderRequestInput } from '../../src/domain/fulfilment/product-order';
import type { FulfilmentTimingsInput } from '../../src/domain/fulfilment/timings';
import type { NewProductOrder } from '../../src/ports/product-orders';
import { submitProductOrder } from '../../src/fulfilment/submit';
import type { productOrder } from '../../workflows/crm/order-handling';
import type { TestRuntime } from './runtime';

/** Short waits, so the whole order runs in seconds on the real server. */
export const TEST_TIMINGS: FulfilmentTimingsInput = {
  reservationHold: '1 minute',
  jeopardyMargin: 0,
  supplierPollInterval: '2 seconds',
  supplierDeliveryGrace: '1 minute',
  workOrderTimeout: '1 minute',
};

export interface Offer {
  productOfferingId: string;
  region: string;
  customerId: string;
  characteristics: Record<string, string | number | boolean>;
}

export const OFFERS: Record<'fibre' | 'vpn' | 'voice', Offer> = {
  fibre: {
    productOfferingId: 'PO-FIBRE-BIZ',
    region: 'PAR',
    customerId: 'CUST-1001',
    characteristics: { bandwidthMbps: 1000 },
  },
  vpn: {
    productOfferingId: 'PO-VPN-BIZ',
    region: 'MRS',
    customerId: 'CUST-1002',
    characteristics: { vpnName: 'MARTIN', bandwidthMbps: 100 },
  },
  voice: { productOfferingId: 'PO-VOICE-LINE', region: 'PAR', customerId: 'CUST-1006', characteristics: {} },
};

export function orderFor(
  rt: TestRuntime,
  name: string,
  offer: Offer,
  extra: Partial<ProductOrderRequestInput> & { timings?: FulfilmentTimingsInput } = {},
): ProductOrderRequestInput {
  return {
    externalId: rt.id(name),
    customerId: offer.customerId,
    items: [
      {
        id: '1',
        productOfferingId: offer.productOfferingId,
        region: offer.region,
        characteristics: offer.characteristics,
      },
    ],
    ...extra,
    timings: { ...TEST_TIMINGS, ...extra.timings },
  };
}

export function submit(rt: TestRuntime, order: ProductOrderRequestInput): Promise<WorkflowHandle<typeof productOrder>> {
  return submitProductOrder(rt.client, order, { taskQueuePrefix: rt.prefix });
}

/** Every resource's state and links: equal before and after means the inventory is as it was. */
export function inventorySnapshot(store: SqliteStore): unknown[] {
  return store.db
    .prepare('SELECT id, state, reservation_id, hold_until, service_id, customer_id FROM resources ORDER BY id')
    .all();
}

/** Every column of every resource but `updated_at`, which only records that something happened. */
export function resourceTable(store: SqliteStore): unknown[] {
  return store.db
    .prepare(
      `SELECT id, spec_id, resource_type, name, region, site, parent_id, redundant_with, attributes, state,
              reservation_id, hold_until, service_id, customer_id
       FROM resources ORDER BY id`,
    )
    .all();
}

/** The activity types a workflow's history scheduled, in order. */
export async function activityTypes(rt: TestRuntime, workflowId: string): Promise<string[]> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
    .filter((n): n is string => !!n);
}

/** Waits until `probe` holds, polling; fails the test with `what` after `ms`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    // A probe may fail while what it waits for does not exist yet (a child not started).
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A PO-FIBRE-BIZ order in Paris as the store records it, for tests that seed orders without running them. */
export const storedFibreOrder = (id: string, customerId = 'CUST-1001'): NewProductOrder => ({
  id,
  customerId,
  channel: 'web',
  contactId: null,
  requestId: null,
  requestedCompletionDate: null,
  quoteId: null,
  discountPct: 0,
  oneTimeMinor: 0,
  recurringMinor: 0,
  items: [{ itemId: '1', action: 'add', productOfferingId: 'PO-FIBRE-BIZ', region: 'PAR', characteristics: {} }],
});
