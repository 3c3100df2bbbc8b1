import { describe, expect, it } from 'vitest';
import type { InventoryReconciliationPort } from '../../src/ports/inventory-reconciliation';
import type { DiscoveredElement } from '../../src/simulators/discovery';
import { serviceRows } from './service-rows';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The inventory reconciliation port's contract (1.O.2.1.1, 1.O.3.1.5), for every adapter
 * (docs/ADAPTERS.md): what discovery reports, the elements and active services the inventory
 * records, and the discrepancies found and settled, each write once per key. The harness builds
 * an empty store whose clock reads `NOW` and whose network agrees with the inventory: the SQLite
 * store asks its network simulator, which must report `NETWORK` from these rows; an adapter given
 * its discovery (PostgreSQL) is given one that reports `NETWORK`.
 */

export const NOW = '2026-03-02T09:00:00.000Z';

/** What the contract reads beside the port. */
export interface ReconciliationReads {
  discrepancy(id: string): Promise<{ settled_by: string | null; settlement: string | null } | undefined>;
  acceptance(resourceId: string): Promise<{ reason: string; source: string; state: string } | undefined>;
}

export type InventoryReconciliationHarness = StoreHarness<InventoryReconciliationPort, ReconciliationReads>;

const resource = (id: string, type: string, state: string, over: Record<string, unknown> = {}): Fixture => [
  'resources',
  {
    id,
    spec_id: `RS-${type.toUpperCase()}`,
    resource_type: type,
    name: id,
    region: 'PAR',
    state,
    updated_at: NOW,
    ...over,
  },
];
const configured = (resourceId: string, serviceId: string): Fixture => [
  'network_configuration',
  { resource_id: resourceId, service_id: serviceId, config: '{}', admin_state: 'up', updated_at: NOW },
];

/**
 * Paris: a node and its card, a CPE and a port carrying SVC-1 (and its number), an idle port, a
 * port configured for SVC-2 that the inventory gives to no service, a retired port, a CPE in stock.
 */
const FIXTURES: Fixture[] = [
  ...serviceRows(NOW, [
    { id: 'SVC-1', customerId: 'CUST-1', state: 'active' },
    { id: 'SVC-2', customerId: 'CUST-2', state: 'active' },
    { id: 'SVC-3', customerId: 'CUST-1', state: 'terminated' },
  ]),
  ...['node', 'card', 'port', 'cpe', 'telephone-number'].map((t): Fixture => [
    'resource_specs',
    { id: `RS-${t.toUpperCase()}`, name: t, resource_type: t },
  ]),
  resource('NODE-PAR-1', 'node', 'available'),
  resource('CARD-PAR-1', 'card', 'available', { parent_id: 'NODE-PAR-1' }),
  resource('CPE-PAR-1', 'cpe', 'inService', { service_id: 'SVC-1' }),
  resource('PORT-PAR-1', 'port', 'inService', { parent_id: 'CARD-PAR-1', service_id: 'SVC-1' }),
  resource('PORT-PAR-2', 'port', 'available', { parent_id: 'CARD-PAR-1' }),
  resource('PORT-PAR-3', 'port', 'available', { parent_id: 'CARD-PAR-1' }),
  resource('PORT-PAR-4', 'port', 'retired', { parent_id: 'CARD-PAR-1' }),
  resource('CPE-PAR-2', 'cpe', 'available'),
  resource('TN-PAR-1', 'telephone-number', 'inService', { service_id: 'SVC-1' }),
  configured('CPE-PAR-1', 'SVC-1'),
  configured('PORT-PAR-1', 'SVC-1'),
  configured('PORT-PAR-3', 'SVC-2'),
];

const element = (resourceId: string, type: string, over: Partial<DiscoveredElement> = {}): DiscoveredElement => ({
  resourceId,
  resourceType: type,
  resourceSpecId: `RS-${type.toUpperCase()}`,
  region: 'PAR',
  parentId: type === 'port' ? 'CARD-PAR-1' : null,
  carries: null,
  adminState: null,
  ...over,
});

/** What the network reports from these rows: every installed element and every configured one. */
export const NETWORK: DiscoveredElement[] = [
  element('CARD-PAR-1', 'card', { parentId: 'NODE-PAR-1' }),
  element('CPE-PAR-1', 'cpe', { carries: 'SVC-1', adminState: 'up' }),
  element('NODE-PAR-1', 'node'),
  element('PORT-PAR-1', 'port', { carries: 'SVC-1', adminState: 'up' }),
  element('PORT-PAR-2', 'port'),
  element('PORT-PAR-3', 'port', { carries: 'SVC-2', adminState: 'up' }),
];

const finding = (runId: string, subject: string, kind = 'notDiscovered') => ({
  runId,
  etomId: '1.O.3.1.5',
  kind,
  subject,
  detail: `${subject}: ${kind}`,
  resolution: 'recorded',
});

export function inventoryReconciliationContract(
  adapter: string,
  make: () => Promise<InventoryReconciliationHarness>,
): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`inventory reconciliation port on ${adapter}`, () => {
    it(
      'discover: every installed element and every configured one, with the service it carries, by id',
      withStore(async (h) => {
        expect(await h.port.discover()).toEqual(NETWORK);
      }),
    );

    it(
      'inventoryElements and activeServices: what the inventory records, retired elements and ended services left out',
      withStore(async (h) => {
        const el = (resourceId: string, resourceType: string, state: string, serviceId: string | null) => ({
          resourceId,
          resourceType,
          region: 'PAR',
          state,
          serviceId,
          configuredFor: serviceId,
        });
        expect(await h.port.inventoryElements()).toEqual([
          el('CARD-PAR-1', 'card', 'available', null),
          el('CPE-PAR-1', 'cpe', 'inService', 'SVC-1'),
          el('NODE-PAR-1', 'node', 'available', null),
          el('PORT-PAR-1', 'port', 'inService', 'SVC-1'),
          el('PORT-PAR-2', 'port', 'available', null),
          { ...el('PORT-PAR-3', 'port', 'available', null), configuredFor: 'SVC-2' },
        ]);
        // Identifiers (the number) are not network elements.
        expect(await h.port.activeServices()).toEqual([
          {
            serviceId: 'SVC-1',
            cfsSpecId: 'CFS-FIBRE-ACCESS',
            customerId: 'CUST-1',
            elementIds: ['CPE-PAR-1', 'PORT-PAR-1'],
          },
          { serviceId: 'SVC-2', cfsSpecId: 'CFS-FIBRE-ACCESS', customerId: 'CUST-2', elementIds: [] },
        ]);
      }),
    );

    it(
      'recordDiscrepancy: once per run, kind and subject whatever the key; unsettled lists each subject once, its first finding',
      withStore(async (h) => {
        const first = await h.port.recordDiscrepancy('d/1', finding('RUN-1', 'PORT-PAR-2'));
        expect(first).toMatch(/^DX-\d{6}$/);
        expect(await h.port.recordDiscrepancy('d/1', finding('RUN-1', 'PORT-PAR-2'))).toBe(first);
        expect(await h.port.recordDiscrepancy('d/2', finding('RUN-1', 'PORT-PAR-2'))).toBe(first);
        const later = await h.port.recordDiscrepancy('d/3', finding('RUN-2', 'PORT-PAR-2'));
        expect(later).not.toBe(first);
        await h.port.recordDiscrepancy('d/4', finding('RUN-2', 'NODE-PAR-1'));
        await h.port.recordDiscrepancy('d/5', finding('RUN-2', 'PORT-PAR-3', 'carries'));
        expect(await h.count('inventory_discrepancies')).toBe(4);
        const open = await h.port.unsettledDiscrepancies('notDiscovered');
        // In the order found: the same instant here, so by id.
        expect(open.map((d) => d.subject)).toEqual(['PORT-PAR-2', 'NODE-PAR-1']);
        expect(open.find((d) => d.subject === 'PORT-PAR-2')).toEqual({
          id: first,
          subject: 'PORT-PAR-2',
          detail: 'PORT-PAR-2: notDiscovered',
          foundAt: NOW,
        });
      }),
    );

    it(
      "linkElementToService: links an element to the service the network shows and settles its discrepancies; never takes another service's element",
      withStore(async (h) => {
        const ids = [
          await h.port.recordDiscrepancy('d/1', finding('RUN-1', 'PORT-PAR-3', 'carries')),
          await h.port.recordDiscrepancy('d/2', finding('RUN-2', 'PORT-PAR-3', 'carries')),
        ];
        const link = {
          resourceId: 'PORT-PAR-3',
          serviceId: 'SVC-2',
          kind: 'carries',
          subject: 'PORT-PAR-3',
          settledBy: 'RUN-3',
        };
        expect(await h.port.linkElementToService('l/1', link)).toBe(true);
        expect(await h.port.linkElementToService('l/1', link)).toBe(true);
        expect((await h.port.inventoryElements()).find((e) => e.resourceId === 'PORT-PAR-3')?.serviceId).toBe('SVC-2');
        expect((await h.port.activeServices()).find((s) => s.serviceId === 'SVC-2')?.elementIds).toEqual([
          'PORT-PAR-3',
        ]);
        for (const id of ids)
          expect(await h.discrepancy(id)).toEqual({
            settled_by: 'RUN-3',
            settlement: 'inventory links PORT-PAR-3 to SVC-2',
          });
        expect(await h.port.unsettledDiscrepancies('carries')).toEqual([]);

        const taken = await h.port.recordDiscrepancy('d/3', finding('RUN-3', 'PORT-PAR-1', 'carries'));
        const steal = { ...link, resourceId: 'PORT-PAR-1', subject: 'PORT-PAR-1' };
        expect(await h.port.linkElementToService('l/2', steal)).toBe(false);
        expect((await h.port.inventoryElements()).find((e) => e.resourceId === 'PORT-PAR-1')?.serviceId).toBe('SVC-1');
        expect(await h.discrepancy(taken)).toEqual({ settled_by: null, settlement: null });
      }),
    );

    it(
      'settleDiscrepancies: every open discrepancy of the kind on the subject, once per key',
      withStore(async (h) => {
        await h.port.recordDiscrepancy('d/1', finding('RUN-1', 'PORT-PAR-2'));
        const second = await h.port.recordDiscrepancy('d/2', finding('RUN-2', 'PORT-PAR-2'));
        await h.port.recordDiscrepancy('d/3', finding('RUN-2', 'NODE-PAR-1'));
        const settle = { kind: 'notDiscovered', subject: 'PORT-PAR-2', settledBy: 'RUN-3', settlement: 'seen again' };
        expect(await h.port.settleDiscrepancies('s/1', settle)).toBe(2);
        expect(await h.port.settleDiscrepancies('s/1', settle)).toBe(2);
        expect(await h.port.settleDiscrepancies('s/2', settle)).toBe(0);
        expect(await h.discrepancy(second)).toEqual({ settled_by: 'RUN-3', settlement: 'seen again' });
        expect((await h.port.unsettledDiscrepancies('notDiscovered')).map((d) => d.subject)).toEqual(['NODE-PAR-1']);
      }),
    );

    it(
      'takeOutOfService: an available element leaves the pools once, with its history; one in service stays',
      withStore(async (h) => {
        expect(await h.port.takeOutOfService('o/1', 'PORT-PAR-2', 'not discovered')).toBe(true);
        expect(await h.port.takeOutOfService('o/1', 'PORT-PAR-2', 'not discovered')).toBe(true);
        expect(await h.port.takeOutOfService('o/2', 'PORT-PAR-2', 'not discovered')).toBe(false);
        expect(await h.port.takeOutOfService('o/3', 'PORT-PAR-1', 'not discovered')).toBe(false);
        const states = new Map((await h.port.inventoryElements()).map((e) => [e.resourceId, e.state]));
        expect([states.get('PORT-PAR-2'), states.get('PORT-PAR-1')]).toEqual(['outOfService', 'inService']);
        expect(await h.count('resource_state_history')).toBe(1);
      }),
    );

    it(
      'registerDiscovered: an element the inventory lacked is recorded out of service and handed over for acceptance, once',
      withStore(async (h) => {
        const found = element('PORT-PAR-9', 'port');
        expect(await h.port.registerDiscovered('g/1', found)).toBe('PORT-PAR-9');
        expect(await h.port.registerDiscovered('g/1', found)).toBe('PORT-PAR-9');
        expect((await h.port.inventoryElements()).find((e) => e.resourceId === 'PORT-PAR-9')).toEqual({
          resourceId: 'PORT-PAR-9',
          resourceType: 'port',
          region: 'PAR',
          state: 'outOfService',
          serviceId: null,
          configuredFor: null,
        });
        expect(await h.acceptance('PORT-PAR-9')).toEqual({
          reason: 'discovered',
          source: 'auto-discovery',
          state: 'pending',
        });
        expect([await h.count('resources'), await h.count('resource_acceptance')]).toEqual([10, 1]);
      }),
    );
  });
}
