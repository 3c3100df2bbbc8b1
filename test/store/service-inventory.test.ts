import { beforeEach, describe, expect, it } from 'vitest';
import type { ServiceInventoryPort } from '../../src/ports/service-inventory';
import { useTestStore } from '../support/store';

const t = useTestStore();
const { rows, value } = t;
let inv: ServiceInventoryPort;
const AT = '2026-03-02T09:00:00.000Z';

beforeEach(() => {
  inv = t.store.ports.serviceInventory;
});

const snapshot = () => rows('SELECT id, state, reservation_id, service_id, customer_id FROM resources ORDER BY id');

async function orderAndService(id = 'SO-1', cfsSpecId = 'CFS-VOICE-LINE', customerId = 'CUST-1006') {
  await inv.recordServiceOrder(
    `${id}/o`,
    { id, productOrderId: 'ORD-1', itemId: '1', customerId, cfsSpecId, region: 'PAR', action: 'add' },
    AT,
  );
  return inv.createService(
    `${id}/s`,
    { cfsSpecId, customerId, region: 'PAR', characteristics: {}, serviceOrderId: id, design: { revision: 1 } },
    AT,
  );
}

describe('SQLite service inventory: service orders (TMF641)', () => {
  it('records an order acknowledged, once per id, and follows its state machine', async () => {
    const order = {
      id: 'SO-1',
      productOrderId: 'ORD-1',
      itemId: '1',
      customerId: 'CUST-1001',
      cfsSpecId: 'CFS-FIBRE-ACCESS',
      region: 'PAR',
      action: 'add',
    } as const;
    const a = await inv.recordServiceOrder('k1', order, AT);
    const b = await inv.recordServiceOrder('k2', order, AT);
    expect(a.state).toBe('acknowledged');
    expect(b.createdAt).toBe(a.createdAt);
    expect(value('SELECT COUNT(*) FROM service_orders')).toBe(1);

    await inv.transitionServiceOrder('t1', 'SO-1', 'inProgress', null, AT);
    const done = await inv.transitionServiceOrder('t2', 'SO-1', 'completed', 'service active', AT);
    expect(done).toMatchObject({ state: 'completed', reason: 'service active', completedAt: AT });
    await expect(inv.transitionServiceOrder('t3', 'SO-1', 'inProgress', null, AT)).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(value("SELECT state FROM service_orders WHERE id = 'SO-1'")).toBe('completed');
    expect((await inv.history('serviceOrder', 'SO-1')).map((h) => h.to)).toEqual([
      'acknowledged',
      'inProgress',
      'completed',
    ]);
  });

  it('refuses a cancellation that skips its assessment', async () => {
    await orderAndService();
    await inv.transitionServiceOrder('t1', 'SO-1', 'inProgress', null, AT);
    await expect(inv.transitionServiceOrder('t2', 'SO-1', 'cancelled', null, AT)).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });
});

describe('SQLite service inventory: services (TMF638)', () => {
  it('creates a service designed, with a readable id, and enforces its life cycle', async () => {
    const s = await orderAndService();
    expect(s).toMatchObject({ id: 'SVC-000001', state: 'designed', serviceOrderId: 'SO-1', design: { revision: 1 } });
    await expect(inv.transitionService('x', s.id, 'active', null, AT)).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    for (const to of ['reserved', 'inactive', 'active'] as const)
      await inv.transitionService(`t-${to}`, s.id, to, null, AT);
    const ended = await inv.transitionService('t-end', s.id, 'terminated', 'ceased', AT);
    expect(ended).toMatchObject({ state: 'terminated', activatedAt: AT, terminatedAt: AT });
    await expect(inv.transitionService('again', s.id, 'active', null, AT)).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });

  it('creates one service per idempotency key', async () => {
    await orderAndService();
    await inv.createService(
      'SO-1/s',
      {
        cfsSpecId: 'CFS-VOICE-LINE',
        customerId: 'CUST-1006',
        region: 'PAR',
        characteristics: {},
        serviceOrderId: 'SO-1',
        design: {},
      },
      AT,
    );
    expect(value('SELECT COUNT(*) FROM services')).toBe(1);
  });
});

describe('SQLite service inventory: identifier pools', () => {
  const need = (quantity = 1, region = 'PAR') => [
    { name: 'telephoneNumber', resourceSpecId: 'RS-TEL-NUMBER', region, quantity },
  ];

  it('reserves the lowest free identifiers, deterministically, all or nothing', async () => {
    const s = await orderAndService();
    const params = await inv.reserveIdentifiers(
      'r1',
      { serviceId: s.id, serviceOrderId: 'SO-1', customerId: 'CUST-1006', needs: need(2) },
      AT,
    );
    expect(params.map((p) => [p.name, p.value, p.resourceId])).toEqual([
      ['telephoneNumber', '+33170000000', 'TN-33170000000'],
      ['telephoneNumber.2', '+33170000001', 'TN-33170000001'],
    ]);
    expect(await inv.freeIdentifiers('PAR', 'RS-TEL-NUMBER')).toBe(38);

    const t = await orderAndService('SO-2');
    const before = snapshot();
    await expect(
      inv.reserveIdentifiers(
        'r2',
        { serviceId: t.id, serviceOrderId: 'SO-2', customerId: 'CUST-1006', needs: [...need(1), ...need(39)] },
        AT,
      ),
    ).rejects.toMatchObject({ type: 'ResourceUnavailable' });
    expect(snapshot()).toEqual(before);
    expect(await inv.parametersOf(t.id)).toEqual([]);
  });

  it('never hands out a resource that is not an identifier', async () => {
    const s = await orderAndService();
    await expect(
      inv.reserveIdentifiers(
        'r',
        {
          serviceId: s.id,
          serviceOrderId: 'SO-1',
          customerId: 'CUST-1006',
          needs: [{ name: 'port', resourceSpecId: 'RS-ACCESS-PORT', region: 'PAR', quantity: 1 }],
        },
        AT,
      ),
    ).rejects.toMatchObject({ type: 'ResourceUnavailable' });
  });

  it('puts identifiers in service, then releases them to exactly the state they were in', async () => {
    const before = snapshot();
    const s = await orderAndService();
    await inv.reserveIdentifiers(
      'r',
      { serviceId: s.id, serviceOrderId: 'SO-1', customerId: 'CUST-1006', needs: need() },
      AT,
    );
    await inv.putIdentifiersInService('in', s.id, AT);
    expect(value("SELECT state FROM resources WHERE id = 'TN-33170000000'")).toBe('inService');
    const released = await inv.releaseIdentifiers('rel', s.id, 'ceased', AT);
    const again = await inv.releaseIdentifiers('rel', s.id, 'ceased', AT);
    expect(released.map((p) => p.resourceId)).toEqual(['TN-33170000000']);
    expect(again).toEqual(released);
    expect(snapshot()).toEqual(before);
    expect(await inv.parametersOf(s.id)).toEqual([]);
  });
});

describe('SQLite service inventory: tests and amendments', () => {
  it('keeps each end-to-end test run and each amendment, once per key', async () => {
    const s = await orderAndService();
    const t = {
      serviceId: s.id,
      serviceOrderId: 'SO-1',
      passed: false,
      measurements: { latencyMs: 3 },
      detail: 'no dial tone',
      at: AT,
    };
    const a = await inv.recordTest('t', t);
    const b = await inv.recordTest('t', t);
    expect(b.id).toBe(a.id);
    expect(await inv.testsOf(s.id)).toEqual([{ id: a.id, ...t }]);

    await inv.recordAmendment('a', {
      serviceOrderId: 'SO-1',
      characteristics: { numberRegion: 'LYO' },
      outcome: 'refused',
      reason: 'too late',
      at: AT,
    });
    await inv.recordAmendment('a', {
      serviceOrderId: 'SO-1',
      characteristics: { numberRegion: 'LYO' },
      outcome: 'refused',
      reason: 'too late',
      at: AT,
    });
    expect(await inv.amendments('SO-1')).toHaveLength(1);
  });
});
