import { describe, expect, it } from 'vitest';
import type { AllocateAndInstallResourceInput } from '../../../activities/rmo/resource-provisioning/allocate-install-resource';
import { HOLD, useResourceProvisioning } from './resource-provisioning-support';

/** RM&O allocates resources to a service order (1.F.3.2.1): availability, reservation, release, expiry. */

const { t, rp, inventory, reserveInput, reserve, provision } = useResourceProvisioning();
const { rows, count } = t;

describe('1.F.3.2.1 allocateAndInstallResource', () => {
  it('checks availability without reserving, naming suppliers where we lack a resource', async () => {
    const before = inventory();
    const out = await rp.allocateAndInstallResource({
      action: 'check',
      region: 'MRS',
      needs: [{ resourceSpecId: 'RS-ACCESS-CIRCUIT' }, { resourceSpecId: 'RS-VLAN' }],
    });
    expect(out.availability?.lines).toEqual([
      {
        resourceSpecId: 'RS-ACCESS-CIRCUIT',
        needed: 1,
        available: 0,
        supplierContracts: ['SC-ALPHA-MRS-AC', 'SC-BETA-MRS-AC'],
      },
      { resourceSpecId: 'RS-VLAN', needed: 1, available: 40, supplierContracts: [] },
    ]);
    expect(inventory()).toEqual(before);
    expect(count('SELECT COUNT(*) FROM resource_orders')).toBe(0);
  });

  it('reserves every need with a hold for the service, records the order and its items, and logs each move', async () => {
    const out = await reserve();
    expect(out.resources.map((r) => r.id)).toEqual(['CPE-PAR-1', 'PORT-PAR-1-1-1', 'VLAN-PAR-100']);
    expect(
      rows("SELECT DISTINCT state, hold_until, service_id, customer_id FROM resources WHERE reservation_id = 'RO-1'"),
    ).toEqual([{ state: 'reserved', hold_until: HOLD, service_id: 'SVC-RO-1', customer_id: 'CUST-1001' }]);
    expect(rows("SELECT action, state, hold_until FROM resource_orders WHERE id = 'RO-1'")).toEqual([
      { action: 'add', state: 'pending', hold_until: HOLD },
    ]);
    expect(
      count("SELECT COUNT(*) FROM resource_order_items WHERE resource_order_id = 'RO-1' AND state = 'reserved'"),
    ).toBe(3);
    expect(
      count("SELECT COUNT(*) FROM resource_state_history WHERE reservation_id = 'RO-1' AND to_state = 'reserved'"),
    ).toBe(3);
  });

  it('reserves once per idempotency key: a retry returns the same resources and writes nothing again', async () => {
    const input = reserveInput('RO-3', 'PAR', [{ resourceSpecId: 'RS-VLAN', quantity: 2 }]);
    const a = await rp.allocateAndInstallResource(input, { idempotencyKey: 'wf/1' });
    const afterFirst = inventory();
    const b = await rp.allocateAndInstallResource(input, { idempotencyKey: 'wf/1' });
    expect(b.resources).toEqual(a.resources);
    expect(inventory()).toEqual(afterFirst);
    expect(count("SELECT COUNT(*) FROM resources WHERE reservation_id = 'RO-3'")).toBe(2);
    expect(count('SELECT COUNT(*) FROM resource_state_history')).toBe(2);
    expect(count('SELECT COUNT(*) FROM resource_orders')).toBe(1);
  });

  it('reserves all or nothing: one missing need leaves the inventory untouched and the order failed', async () => {
    const before = inventory();
    // Marseille has VLANs but no access port of ours.
    await expect(
      reserve('RO-2', 'MRS', [{ resourceSpecId: 'RS-VLAN' }, { resourceSpecId: 'RS-ACCESS-PORT' }]),
    ).rejects.toMatchObject({
      type: 'ResourceUnavailable',
      nonRetryable: true,
    });
    expect(inventory()).toEqual(before);
    expect(count('SELECT COUNT(*) FROM resource_state_history')).toBe(0);
    expect(rows("SELECT state, reason FROM resource_orders WHERE id = 'RO-2'")).toEqual([
      { state: 'failed', reason: 'no RS-ACCESS-PORT available in MRS (0 of 1)' },
    ]);
  });

  it('writes nothing on bad input', async () => {
    const before = inventory();
    await expect(
      rp.allocateAndInstallResource({ ...reserveInput(), holdUntil: 'in two days' } as AllocateAndInstallResourceInput),
    ).rejects.toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
    });
    await expect(
      rp.allocateAndInstallResource(reserveInput('RO-1', 'PAR', [{ resourceSpecId: 'port', quantity: 1 }])),
    ).rejects.toMatchObject({
      type: 'InvalidInput',
    });
    expect(inventory()).toEqual(before);
    expect(count('SELECT COUNT(*) FROM resource_orders')).toBe(0);
  });

  it('releases what an order holds, leaving the inventory exactly as before, once', async () => {
    const before = inventory();
    await reserve();
    const release = {
      action: 'release',
      resourceOrderId: 'RO-1',
      reason: 'order cancelled',
      finalState: 'cancelled',
    } as const;
    const out = await rp.allocateAndInstallResource(release, { idempotencyKey: 'wf/release' });
    expect(out.released).toEqual(['CPE-PAR-1', 'PORT-PAR-1-1-1', 'VLAN-PAR-100']);
    expect(inventory()).toEqual(before);
    expect(rows("SELECT state, reason FROM resource_orders WHERE id = 'RO-1'")).toEqual([
      { state: 'cancelled', reason: 'order cancelled' },
    ]);
    expect(
      count("SELECT COUNT(*) FROM resource_order_items WHERE resource_order_id = 'RO-1' AND state = 'released'"),
    ).toBe(3);
    const history = count('SELECT COUNT(*) FROM resource_state_history');
    expect((await rp.allocateAndInstallResource(release, { idempotencyKey: 'wf/release' })).released).toEqual(
      out.released,
    );
    expect(count('SELECT COUNT(*) FROM resource_state_history')).toBe(history);
  });

  it('refuses to release a completed order: that is ceasing its service', async () => {
    await provision();
    await expect(
      rp.allocateAndInstallResource({
        action: 'release',
        resourceOrderId: 'RO-1',
        reason: 'late cancel',
        finalState: 'cancelled',
      }),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition', nonRetryable: true });
    expect(count("SELECT COUNT(*) FROM resources WHERE reservation_id = 'RO-1' AND state = 'inService'")).toBe(3);
  });

  it('keeps the answer of an order the sweep already closed when its workflow releases it later', async () => {
    await reserve('RO-1', 'PAR', [{ resourceSpecId: 'RS-VLAN' }], '2026-03-01T09:00:00.000Z');
    await rp.allocateAndInstallResource({ action: 'releaseExpired' });
    await rp.allocateAndInstallResource({
      action: 'release',
      resourceOrderId: 'RO-1',
      reason: 'cancelled',
      finalState: 'cancelled',
    });
    expect(rows("SELECT state, reason FROM resource_orders WHERE id = 'RO-1'")).toEqual([
      { state: 'failed', reason: 'reservation hold expired' },
    ]);
  });

  it('lets go of the reservations whose hold ended, and only those', async () => {
    await reserve('RO-OLD', 'PAR', [{ resourceSpecId: 'RS-VLAN' }], '2026-03-01T09:00:00.000Z');
    await reserve('RO-NEW', 'PAR', [{ resourceSpecId: 'RS-VLAN' }], HOLD);
    const out = await rp.allocateAndInstallResource({ action: 'releaseExpired' });
    expect(out.expiredOrders).toEqual(['RO-OLD']);
    expect(rows("SELECT state FROM resources WHERE id = 'VLAN-PAR-100'")).toEqual([{ state: 'available' }]);
    expect(rows("SELECT state FROM resources WHERE id = 'VLAN-PAR-101'")).toEqual([{ state: 'reserved' }]);
    expect(rows("SELECT id, state, reason FROM resource_orders WHERE state = 'failed'")).toEqual([
      { id: 'RO-OLD', state: 'failed', reason: 'reservation hold expired' },
    ]);
  });
});
