import { BusinessRejection } from '../../src/contracts/errors';
import type { NewServiceOrder, ServiceInventoryPort } from '../../src/ports/service-inventory';
import type { OutboxReads } from './outbox';
import type { Fixture, StoreHarness, withFixtures } from './table-rows';

/**
 * What the service inventory's contract parts share (service-inventory.contract.ts): the store's
 * clock, the harness, the fixtures every test starts from, and the orders and services they build.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
export const AT = NOW;
export const LATER = '2026-03-03T09:00:00.000Z';

/** Each resource's state and holder, read beside the port. */
export interface IdentifierReads {
  resources(): Promise<Array<{ id: string; state: string; reservationId: string | null; serviceId: string | null }>>;
}
export type ServiceInventoryHarness = StoreHarness<ServiceInventoryPort, OutboxReads & IdentifierReads>;

export const customer = (id: string): Fixture => [
  'customers',
  { id, name: id, segment: 'business', region: 'PAR', email: `${id}@example.test`, status: 'active', created_at: NOW },
];
export const cfs = (id: string): Fixture => ['cfs_specs', { id, name: id, service_type: 'voice' }];
export const spec = (id: string, type: string): Fixture => ['resource_specs', { id, name: id, resource_type: type }];
export const resource = (id: string, specId: string, type: string, region = 'PAR'): Fixture => [
  'resources',
  { id, spec_id: specId, resource_type: type, name: id.replace('TN-', '+'), region, updated_at: NOW },
];
/** Ten numbers in Paris (+33170000000…9), one in Lyon, and an access port (not an identifier). */
export const FIXTURES: readonly Fixture[] = [
  customer('CUST-1'),
  customer('CUST-2'),
  cfs('CFS-VOICE-LINE'),
  cfs('CFS-FIBRE-ACCESS'),
  spec('RS-TEL-NUMBER', 'telephone-number'),
  spec('RS-ACCESS-PORT', 'port'),
  ...Array.from({ length: 10 }, (_, i) => resource(`TN-3317000000${i}`, 'RS-TEL-NUMBER', 'telephone-number')),
  resource('TN-33470000000', 'RS-TEL-NUMBER', 'telephone-number', 'LYO'),
  resource('PORT-1', 'RS-ACCESS-PORT', 'port'),
];

export const order = (id = 'SO-1', over: Partial<NewServiceOrder> = {}): NewServiceOrder => ({
  id,
  productOrderId: 'ORD-1',
  itemId: '1',
  customerId: 'CUST-1',
  cfsSpecId: 'CFS-VOICE-LINE',
  region: 'PAR',
  action: 'add',
  ...over,
});

export async function orderAndService(h: ServiceInventoryHarness, id = 'SO-1') {
  await h.port.recordServiceOrder(`${id}/o`, order(id), AT);
  return h.port.createService(
    `${id}/s`,
    {
      cfsSpecId: 'CFS-VOICE-LINE',
      customerId: 'CUST-1',
      region: 'PAR',
      characteristics: { lines: 1 },
      serviceOrderId: id,
      design: { revision: 1 },
    },
    AT,
  );
}

export const numbers = (quantity: number, region = 'PAR') => [
  { name: 'telephoneNumber', resourceSpecId: 'RS-TEL-NUMBER', region, quantity },
];

/** A test body run on a store holding FIXTURES. */
export type WithStore = ReturnType<typeof withFixtures<ServiceInventoryHarness>>;

/** As an activity is retried: again after a plain (transient) error, never after a business rejection. */
export async function retried<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (err instanceof BusinessRejection || attempt === 50) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt));
    }
  }
}

/** A service asked for an order that does not exist. */
export const orderAndServiceFor = (h: ServiceInventoryHarness, serviceOrderId: string) =>
  h.port.createService(
    `${serviceOrderId}/s`,
    {
      cfsSpecId: 'CFS-VOICE-LINE',
      customerId: 'CUST-1',
      region: 'PAR',
      characteristics: {},
      serviceOrderId,
      design: {},
    },
    AT,
  );
