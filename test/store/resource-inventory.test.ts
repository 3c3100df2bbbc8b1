import { describe, expect, it } from 'vitest';
import { resourceTable } from '../support/fulfilment';
import type { ReservationRequest, SuppliedResource } from '../../src/ports/resource-inventory';
import { createNetworkSimulator, injectFault } from '../../src/simulators/network';
import { useTestStore } from '../support/store';

const t = useTestStore('2026-03-02T09:00:00.000Z');
const { one, rows, count, clock } = t;

const inv = () => t.store.ports.resourceInventory;
const net = () => t.store.ports.networkActivation;
const inventory = () => resourceTable(t.store);

const request = (over: Partial<ReservationRequest> = {}): ReservationRequest => ({
  reservationId: 'RO-1',
  serviceId: 'SVC-1',
  customerId: 'CUST-1001',
  region: 'PAR',
  needs: [{ resourceSpecId: 'RS-ACCESS-PORT', quantity: 1 }],
  holdUntil: '2026-03-04T09:00:00.000Z',
  ...over,
});
const supplied = (over: Partial<SuppliedResource> = {}): SuppliedResource => ({
  resourceSpecId: 'RS-ACCESS-CIRCUIT',
  region: 'MRS',
  name: 'Alpha access circuit',
  supplierId: 'SUP-ALPHA',
  supplierReference: 'ALPHA-1',
  attributes: { bandwidthMbps: 100 },
  serviceId: 'SVC-1',
  customerId: 'CUST-1002',
  reservationId: 'RO-1',
  ...over,
});

describe('SQLite resource inventory', () => {
  it('counts what is available per spec and region, every type included, naming valid supplier contracts only where we lack it', async () => {
    const a = await inv().checkAvailability('MRS', [
      { resourceSpecId: 'RS-ACCESS-CIRCUIT', quantity: 1 },
      { resourceSpecId: 'RS-TEL-NUMBER', quantity: 2 },
      { resourceSpecId: 'RS-CPE-ROUTER', quantity: 1 },
    ]);
    expect(a.lines).toEqual([
      {
        resourceSpecId: 'RS-ACCESS-CIRCUIT',
        needed: 1,
        available: 0,
        supplierContracts: ['SC-ALPHA-MRS-AC', 'SC-BETA-MRS-AC'],
      },
      { resourceSpecId: 'RS-TEL-NUMBER', needed: 2, available: 40, supplierContracts: [] },
      { resourceSpecId: 'RS-CPE-ROUTER', needed: 1, available: 0, supplierContracts: ['SC-BETA-MRS-CPE'] },
    ]);
    clock.now = new Date('2029-01-01T00:00:00.000Z'); // every contract has run out
    expect(
      (await inv().checkAvailability('MRS', [{ resourceSpecId: 'RS-ACCESS-CIRCUIT', quantity: 1 }])).lines[0]
        ?.supplierContracts,
    ).toEqual([]);
  });

  it('reserves the lowest ids, adding up needs of one spec, with every link and a logged move', async () => {
    const r = await inv().reserve(
      'k1',
      request({
        needs: [
          { resourceSpecId: 'RS-VLAN', quantity: 1 },
          { resourceSpecId: 'RS-ACCESS-PORT', quantity: 1 },
          { resourceSpecId: 'RS-VLAN', quantity: 1 },
        ],
      }),
    );
    expect(r.map((x) => x.id)).toEqual(['PORT-PAR-1-1-1', 'VLAN-PAR-100', 'VLAN-PAR-101']);
    expect(
      rows(
        "SELECT DISTINCT state, reservation_id, hold_until, service_id, customer_id FROM resources WHERE reservation_id = 'RO-1'",
      ),
    ).toEqual([
      {
        state: 'reserved',
        reservation_id: 'RO-1',
        hold_until: '2026-03-04T09:00:00.000Z',
        service_id: 'SVC-1',
        customer_id: 'CUST-1001',
      },
    ]);
    expect(
      count("SELECT COUNT(*) FROM resource_state_history WHERE from_state = 'available' AND to_state = 'reserved'"),
    ).toBe(3);
  });

  it('takes resources already reserved for the service under the reservation first (a supplier delivery)', async () => {
    const delivered = await inv().registerSuppliedResource('s1', supplied());
    expect(delivered.state).toBe('reserved');
    const r = await inv().reserve(
      'k1',
      request({ region: 'MRS', needs: [{ resourceSpecId: 'RS-ACCESS-CIRCUIT', quantity: 1 }] }),
    );
    expect(r.map((x) => x.id)).toEqual([delivered.id]);
  });

  it('reserves all or nothing, and once per key', async () => {
    const before = inventory();
    await expect(
      inv().reserve(
        'k1',
        request({
          needs: [
            { resourceSpecId: 'RS-VLAN', quantity: 1 },
            { resourceSpecId: 'RS-ACCESS-PORT', quantity: 33 },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'BusinessRejection', type: 'ResourceUnavailable' });
    expect(inventory()).toEqual(before);
    expect(count('SELECT COUNT(*) FROM resource_state_history')).toBe(0);
    // The refused key was not consumed: the same key may try again.
    const first = await inv().reserve('k1', request());
    expect(await inv().reserve('k1', request())).toEqual(first);
    expect(count("SELECT COUNT(*) FROM resources WHERE reservation_id = 'RO-1'")).toBe(1);
  });

  it('moves resources only along the allowed transitions, all or nothing', async () => {
    const [port] = await inv().reserve('k1', request({ needs: [{ resourceSpecId: 'RS-ACCESS-PORT', quantity: 2 }] }));
    await expect(
      inv().transition('t0', ['PORT-PAR-1-1-1'], 'reserved', 'inService', 'skip a step'),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    await expect(
      inv().transition('t0', ['VLAN-PAR-100'], 'available', 'reserved', 'take without reserving'),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    // One of the two is not where the caller thinks: neither moves.
    await inv().transition('t1', ['PORT-PAR-1-1-1'], 'reserved', 'outOfService', 'configured');
    await expect(
      inv().transition('t2', ['PORT-PAR-1-1-2', 'PORT-PAR-1-1-1'], 'reserved', 'outOfService', 'configured'),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(count("SELECT COUNT(*) FROM resources WHERE id = 'PORT-PAR-1-1-2' AND state = 'reserved'")).toBe(1);
    const moved = await inv().transition('t3', [port!.id], 'outOfService', 'inService', 'tested');
    expect(moved).toMatchObject([{ id: 'PORT-PAR-1-1-1', state: 'inService' }]);
    expect(await inv().transition('t3', [port!.id], 'outOfService', 'inService', 'tested')).toEqual(moved);
    expect(count("SELECT COUNT(*) FROM resource_state_history WHERE resource_id = 'PORT-PAR-1-1-1'")).toBe(3);
  });

  it('returns a resource taken back to the pool with no links', async () => {
    await inv().reserve('k1', request());
    await inv().transition('t1', ['PORT-PAR-1-1-1'], 'reserved', 'available', 'not needed after all');
    expect(
      one("SELECT state, reservation_id, service_id, customer_id FROM resources WHERE id = 'PORT-PAR-1-1-1'"),
    ).toEqual({
      state: 'available',
      reservation_id: null,
      service_id: null,
      customer_id: null,
    });
  });

  it('releases a reservation so the inventory is exactly as before; a supplier delivery is retired', async () => {
    const before = inventory();
    await inv().reserve(
      'k1',
      request({
        needs: [
          { resourceSpecId: 'RS-ACCESS-PORT', quantity: 1 },
          { resourceSpecId: 'RS-VLAN', quantity: 1 },
        ],
      }),
    );
    await inv().transition('t1', ['PORT-PAR-1-1-1'], 'reserved', 'outOfService', 'configured');
    const delivered = await inv().registerSuppliedResource('s1', supplied({ region: 'PAR', customerId: 'CUST-1001' }));
    const released = await inv().release('r1', 'RO-1', 'order cancelled');
    expect(released.sort()).toEqual(['PORT-PAR-1-1-1', 'VLAN-PAR-100', delivered.id].sort());
    expect(inventory().filter((r) => (r as { id: string }).id !== delivered.id)).toEqual(before);
    expect(one('SELECT state, reservation_id, service_id FROM resources WHERE id = ?', delivered.id)).toEqual({
      state: 'retired',
      reservation_id: null,
      service_id: null,
    });
    expect(count("SELECT COUNT(*) FROM resource_state_history WHERE reason = 'order cancelled'")).toBe(3);
    expect(await inv().release('r1', 'RO-1', 'order cancelled')).toEqual(released);
    expect(count("SELECT COUNT(*) FROM resource_state_history WHERE reason = 'order cancelled'")).toBe(3);
  });

  it('releases only the holds that ended', async () => {
    await inv().reserve('k1', request({ reservationId: 'RO-OLD', holdUntil: '2026-03-02T08:59:59.000Z' }));
    await inv().reserve('k2', request({ reservationId: 'RO-NEW' }));
    await inv().reserve('k3', request({ reservationId: 'RO-CONF', holdUntil: '2026-03-01T00:00:00.000Z' }));
    await inv().transition('t3', ['PORT-PAR-1-1-3'], 'reserved', 'outOfService', 'configured'); // committed: no hold any more
    expect(await inv().releaseExpiredHolds('x1', clock.now.toISOString())).toEqual(['RO-OLD']);
    expect((await inv().byReservation('RO-NEW')).map((r) => r.state)).toEqual(['reserved']);
    expect((await inv().byReservation('RO-CONF')).map((r) => r.state)).toEqual(['outOfService']);
  });

  it('tells which resources serve a service and a customer', async () => {
    await inv().reserve('k1', request());
    await inv().reserve(
      'k2',
      request({ reservationId: 'RO-2', serviceId: 'SVC-2', needs: [{ resourceSpecId: 'RS-VLAN', quantity: 1 }] }),
    );
    expect((await inv().byService('SVC-1')).map((r) => r.id)).toEqual(['PORT-PAR-1-1-1']);
    expect((await inv().byCustomer('CUST-1001')).map((r) => [r.id, r.serviceId])).toEqual([
      ['PORT-PAR-1-1-1', 'SVC-1'],
      ['VLAN-PAR-100', 'SVC-2'],
    ]);
  });
});

describe('network simulator', () => {
  it('configures an element for a service, brings it up, and tests it with plausible measurements', async () => {
    await net().configure('c1', 'PORT-PAR-1-1-1', 'SVC-1', { mtu: 9000 });
    expect((await net().testResource('PORT-PAR-1-1-1')).detail).toBe('element administratively down');
    const up = await net().setAdminState('u1', 'PORT-PAR-1-1-1', 'up');
    expect(up).toEqual({ resourceId: 'PORT-PAR-1-1-1', serviceId: 'SVC-1', config: { mtu: 9000 }, adminState: 'up' });
    const t = await net().testResource('PORT-PAR-1-1-1');
    expect(t.passed).toBe(true);
    expect(t.measurements['rxPowerDbm']).toBeGreaterThan(-28);
    expect(await net().testResource('PORT-PAR-1-1-1')).toEqual(t); // deterministic
  });

  it('fails exactly as many times as a fault was injected', async () => {
    await net().configure('c1', 'VLAN-PAR-100', 'SVC-1', {});
    await net().setAdminState('u1', 'VLAN-PAR-100', 'up');
    injectFault(t.store.db, 'VLAN-PAR-100', 'testResource', 2);
    expect((await net().testResource('VLAN-PAR-100')).passed).toBe(false);
    expect((await net().testResource('VLAN-PAR-100')).passed).toBe(false);
    expect((await net().testResource('VLAN-PAR-100')).passed).toBe(true);
    injectFault(t.store.db, 'PORT-PAR-1-1-1', 'configure');
    await expect(net().configure('c2', 'PORT-PAR-1-1-1', 'SVC-1', {})).rejects.toMatchObject({
      type: 'ActivationFailed',
    });
    expect(await net().configurationOf('PORT-PAR-1-1-1')).toBeUndefined();
  });

  it('tests a service across every element configured for it', async () => {
    expect((await net().testService('SVC-1')).passed).toBe(false);
    for (const id of ['PORT-PAR-1-1-1', 'VLAN-PAR-100']) {
      await net().configure(`c/${id}`, id, 'SVC-1', {});
      await net().setAdminState(`u/${id}`, id, 'up');
    }
    expect(await net().testService('SVC-1')).toMatchObject({ passed: true, measurements: { elements: 2 } });
    injectFault(t.store.db, 'SVC-1', 'testService');
    expect((await net().testService('SVC-1')).passed).toBe(false);
  });

  it("refuses to put a service on an element carrying another's, and unconfigures once", async () => {
    const sim = createNetworkSimulator(t.store.db, () => clock.now);
    await sim.configure('c1', 'PORT-PAR-1-1-1', 'SVC-1', {});
    await expect(sim.configure('c2', 'PORT-PAR-1-1-1', 'SVC-2', {})).rejects.toMatchObject({
      type: 'ActivationFailed',
    });
    await sim.unconfigure('d1', 'PORT-PAR-1-1-1');
    await sim.configure('c3', 'PORT-PAR-1-1-1', 'SVC-2', {});
    await sim.unconfigure('d1', 'PORT-PAR-1-1-1'); // a retry of the first unconfigure: changes nothing
    expect((await sim.configurationsOfService('SVC-2')).map((c) => c.resourceId)).toEqual(['PORT-PAR-1-1-1']);
  });
});
