import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it, vi } from 'vitest';
import { loadApiConfig } from '../../src/api/config';
import { PRODUCT_ORDERING_SPEC } from '../../src/api/product-ordering';
import { createProductOrders } from '../../src/api/product-ordering/orders';
import { createSpecLibrary } from '../../src/api/spec';
import type { ProductOrderState } from '../../src/domain/fulfilment/product-order';
import { storedFibreOrder } from '../support/fulfilment';
import { useTestStore } from '../support/store';

const spec = createSpecLibrary(loadApiConfig({}).tmfDir).load(PRODUCT_ORDERING_SPEC);

/** A Temporal client whose only workflows are `running` (productOrder runs on this deployment's CRM queue). */
function clientWith(running: Set<string>, reachable = { ok: true }) {
  const describe = vi.fn(async (id: string) => {
    if (!reachable.ok) throw new Error('14 UNAVAILABLE: connection refused');
    if (!running.has(id)) throw new WorkflowNotFoundError('not found', id, undefined);
    return { type: 'productOrder', taskQueue: 'etom-crm', status: { name: 'RUNNING' } };
  });
  const client = { workflow: { getHandle: (id: string) => ({ describe: () => describe(id) }) } } as unknown as Client;
  return { client, describe };
}

describe('TMF622 GET of a settled order', () => {
  const t = useTestStore();

  async function order(id: string, path: ProductOrderState[]) {
    const orders = t.store.ports.productOrders;
    await orders.create(`seed-${id}`, storedFibreOrder(id), '2026-03-01T09:00:00.000Z');
    for (const [n, state] of path.entries())
      await orders.transition(`seed-${id}-${n}`, id, state, null, '2026-03-01T10:00:00.000Z');
  }

  it('reads a closed order whose workflow has ended from the store once, then serves what it read', async () => {
    await order('ORD-DONE', ['inProgress', 'completed']);
    const { client, describe } = clientWith(new Set());
    const ports = { ...t.store.ports, productOrders: { ...t.store.ports.productOrders } };
    const get = vi.spyOn(ports.productOrders, 'get');
    const orders = createProductOrders({ client, ports, spec });

    const first = await orders.read('ORD-DONE');
    expect(first?.['state']).toBe('completed');
    expect(await orders.read('ORD-DONE')).toEqual(first);
    expect(await orders.read('ORD-DONE')).toEqual(first);
    expect(get).toHaveBeenCalledTimes(1);
    expect(describe).toHaveBeenCalledTimes(1);
  });

  it('reads from the store every time an order that is open, or closed while its workflow still runs, or when Temporal cannot say', async () => {
    await order('ORD-OPEN', ['inProgress']);
    await order('ORD-CLOSING', ['inProgress', 'completed']);
    await order('ORD-UNKNOWN', ['inProgress', 'failed']);
    const reachable = { ok: true };
    const { client } = clientWith(new Set(['ORD-CLOSING']), reachable);
    const ports = { ...t.store.ports, productOrders: { ...t.store.ports.productOrders } };
    const get = vi.spyOn(ports.productOrders, 'get');
    const orders = createProductOrders({ client, ports, spec });

    for (let i = 0; i < 2; i++) await orders.read('ORD-OPEN');
    for (let i = 0; i < 2; i++) await orders.read('ORD-CLOSING');
    reachable.ok = false;
    for (let i = 0; i < 2; i++) await orders.read('ORD-UNKNOWN');
    expect(get).toHaveBeenCalledTimes(6);

    // The open order moves on: the next GET shows it, as the store has it.
    await t.store.ports.productOrders.transition('move', 'ORD-OPEN', 'completed', null, '2026-03-01T11:00:00.000Z');
    expect((await orders.read('ORD-OPEN'))?.['state']).toBe('completed');
  });
});
