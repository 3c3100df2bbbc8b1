import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { injectFault } from '../../../src/simulators/network';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { ProductOrderView } from '../../../workflows/crm/order-handling';
import { OFFERS, activityTypes, eventually, inventorySnapshot, orderFor, submit } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';

const count = (
  rt: { store: { db: { prepare(s: string): { pluck(): { get(...a: unknown[]): unknown } } } } },
  sql: string,
  ...args: unknown[]
) =>
  rt.store.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

describe('productOrder (1.F.1.5 Order Handling) across the four layers', () => {
  it('delivers a business fibre access: every layer does its part and the store shows it', async () => {
    await withWorkers(async (rt) => {
      const handle = await submit(rt, orderFor(rt, 'fibre', OFFERS.fibre));
      const outcome = await handle.result();
      expect(outcome.state).toBe('completed');
      expect(outcome.products).toHaveLength(1);

      // The store: the order, the product on a billing account, the resources in service for the customer.
      expect(
        count(rt, 'SELECT COUNT(*) FROM product_orders WHERE id = ? AND state = ?', handle.workflowId, 'completed'),
      ).toBe(1);
      expect(
        count(rt, "SELECT COUNT(*) FROM products WHERE order_id = ? AND status = 'active'", handle.workflowId),
      ).toBe(1);
      const inService = rt.store.db
        .prepare(
          "SELECT resource_type FROM resources WHERE customer_id = 'CUST-1001' AND state = 'inService' ORDER BY resource_type",
        )
        .pluck()
        .all();
      expect(inService).toEqual(expect.arrayContaining(['cpe', 'port', 'vlan']));
      expect(count(rt, "SELECT COUNT(*) FROM contacts WHERE customer_id = 'CUST-1001' AND closed_at IS NOT NULL")).toBe(
        1,
      );
      expect(
        count(
          rt,
          "SELECT COUNT(*) FROM customer_requests WHERE reference = ? AND status = 'closed'",
          handle.workflowId,
        ),
      ).toBe(1);

      // The histories: the processes of CRM, SM&O and RM&O ran, in the order the text hands work on.
      const ran = (await traceProcesses(rt.client, handle.workflowId)).map((p) => p.etomId);
      for (const id of [
        '1.FAB.1.2.1',
        '1.FAB.1.2.2',
        '1.F.1.5.3',
        '1.F.1.5.1',
        '1.F.1.5.2',
        '1.F.1.5.4',
        '1.F.1.5.5',
      ]) {
        expect(ran).toContain(id);
      }
      for (const id of ['1.F.2.2.1', '1.F.2.2.2', '1.F.2.2.3', '1.F.2.2.4', '1.F.2.2.5', '1.F.2.2.6'])
        expect(ran).toContain(id);
      for (const id of ['1.F.3.2.1', '1.F.3.2.2', '1.F.3.2.3', '1.F.3.2.4']) expect(ran).toContain(id);
      expect(ran.indexOf('1.F.1.5.2')).toBeLessThan(ran.indexOf('1.F.2.2.6'));
      expect(ran.lastIndexOf('1.F.1.5.5')).toBeGreaterThan(ran.lastIndexOf('1.F.2.2.6'));
      // The order's own history: CIM first, completion last.
      const own = await activityTypes(rt, handle.workflowId);
      expect(own[0]).toBe('manageContact');
      expect(own).toContain('completeCustomerOrder');
    });
  });

  it('buys the access circuit of a VPN site in Marseille from a supplier (S/PRM)', async () => {
    await withWorkers(async (rt) => {
      const handle = await submit(rt, orderFor(rt, 'vpn', OFFERS.vpn));
      const outcome = await handle.result();
      expect(outcome.state).toBe('completed');
      const layers = new Set((await traceProcesses(rt.client, handle.workflowId)).map((p) => p.layer));
      expect([...layers].sort()).toEqual(['CRM', 'RM&O', 'S/PRM', 'SM&O']);
      expect(count(rt, "SELECT COUNT(*) FROM partner_orders WHERE state = 'accepted'")).toBe(1);
      expect(
        count(
          rt,
          "SELECT COUNT(*) FROM resources WHERE customer_id = 'CUST-1002' AND resource_type = 'access-circuit' AND state = 'inService'",
        ),
      ).toBe(1);
    });
  });

  it('rejects an order whose customer fails the credit check, reserving nothing', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const handle = await submit(
        rt,
        orderFor(rt, 'credit', { ...OFFERS.fibre, customerId: 'CUST-1004', region: 'LIL' }),
      );
      const outcome = await handle.result();
      expect(outcome.state).toBe('rejected');
      expect(outcome.reason).toMatch(/credit refused: debt 95 days past due/);
      expect(inventorySnapshot(rt.store)).toEqual(before);
      // Received once, never issued: no service order reached SM&O.
      expect(
        (await activityTypes(rt, handle.workflowId)).filter((t) => t === 'receivePurchaseOrderAndIssueOrders'),
      ).toHaveLength(1);
      expect(count(rt, 'SELECT COUNT(*) FROM service_orders WHERE product_order_id = ?', handle.workflowId)).toBe(0);
      expect(
        count(
          rt,
          "SELECT COUNT(*) FROM customer_requests WHERE reference = ? AND status = 'rejected'",
          handle.workflowId,
        ),
      ).toBe(1);
    });
  });

  it('rejects at feasibility an order nobody can deliver there, reserving nothing', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      // Fibre in Marseille: no access port of ours there, and no supplier sells one.
      const handle = await submit(rt, orderFor(rt, 'nofeas', { ...OFFERS.fibre, region: 'MRS' }));
      const outcome = await handle.result();
      expect(outcome.state).toBe('rejected');
      expect(outcome.reason).toMatch(/not feasible/);
      expect(inventorySnapshot(rt.store)).toEqual(before);
      const ran = (await traceProcesses(rt.client, handle.workflowId)).map((p) => p.etomId);
      // Credit is authorized beside feasibility (neither waits for the other); nothing is issued.
      expect(ran).toContain('1.F.1.5.1');
      expect(ran).toContain('1.F.1.5.2');
      expect(ran).not.toContain('1.F.3.2.2');
    });
  });

  it('fails the order when activation fails, undoing every layer so the inventory is as before', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      // The port the reservation will take refuses its configuration (RM&O 1.F.3.2.2).
      const port = rt.store.db
        .prepare(
          "SELECT id FROM resources WHERE spec_id = 'RS-ACCESS-PORT' AND region = 'PAR' AND state = 'available' ORDER BY id",
        )
        .pluck()
        .get() as string;
      injectFault(rt.store.db, port, 'configure', 100);
      const handle = await submit(rt, orderFor(rt, 'activation', OFFERS.fibre));
      const outcome = await handle.result();
      expect(outcome.state).toBe('failed');
      expect(outcome.items[0]!.state).toBe('failed');
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(count(rt, 'SELECT COUNT(*) FROM products WHERE order_id = ?', handle.workflowId)).toBe(0);
      expect(count(rt, "SELECT COUNT(*) FROM services WHERE customer_id = 'CUST-1001' AND state <> 'terminated'")).toBe(
        0,
      );
      expect(count(rt, "SELECT COUNT(*) FROM work_orders WHERE state IN ('assigned', 'inProgress')")).toBe(0);
    });
  });

  it('submitted twice, it is one order', async () => {
    await withWorkers(async (rt) => {
      const order = orderFor(rt, 'twice', OFFERS.voice);
      const [a, b] = await Promise.all([submit(rt, order), submit(rt, order)]);
      expect(a.workflowId).toBe(b.workflowId);
      await a.result();
      const c = await submit(rt, order);
      expect((await c.describe()).runId).toBe((await a.describe()).runId);
      expect(count(rt, 'SELECT COUNT(*) FROM product_orders WHERE id = ?', order.externalId)).toBe(1);
      expect(count(rt, "SELECT COUNT(*) FROM products WHERE customer_id = 'CUST-1006'")).toBe(1);
    });
  });

  it('refuses a malformed order at the boundary with a TMF error body', async () => {
    await withWorkers(async (rt) => {
      await expect(submit(rt, { ...orderFor(rt, 'bad', OFFERS.voice), items: [] })).rejects.toMatchObject({
        body: { '@type': 'Error', status: '400', message: expect.stringContaining('items') },
      });
    });
  });

  it('answers queries on the order and its items, and is findable by search attributes', async () => {
    await withWorkers(async (rt) => {
      const handle = await submit(rt, orderFor(rt, 'query', OFFERS.voice));
      const view = await eventually(async () => {
        const v = await handle.query<ProductOrderView>('getProductOrder');
        return v.items[0]!.serviceOrders.length > 0 && v;
      }, 'service orders to be issued');
      expect(view.customerId).toBe('CUST-1006');
      await handle.result();
      const desc = await handle.describe();
      expect(desc.searchAttributes['EtomCustomerId']).toEqual(['CUST-1006']);
      expect(desc.searchAttributes['EtomState']).toEqual(['completed']);
    });
  });

  it('cancels before anything is issued', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const handle = await submit(rt, orderFor(rt, 'cancel-early', OFFERS.fibre));
      const accepted = await handle.executeUpdate<ProductOrderView, [{ reason: string }]>('cancelProductOrder', {
        args: [{ reason: 'changed my mind' }],
      });
      expect(['pendingCancellation', 'cancelled']).toContain(accepted.state);
      const outcome = await handle.result();
      expect(outcome.state).toBe('cancelled');
      expect(inventorySnapshot(rt.store)).toEqual(before);
      const states = rt.store.db
        .prepare('SELECT to_state FROM order_state_history WHERE order_id = ? AND item_id IS NULL ORDER BY seq')
        .pluck()
        .all(handle.workflowId);
      expect(states).toEqual(expect.arrayContaining(['assessingCancellation', 'pendingCancellation', 'cancelled']));
    });
  });

  it('cancels while SM&O waits for the supplier: the requisition is cancelled and the inventory is as before', async () => {
    await withWorkers(
      async (rt) => {
        const before = inventorySnapshot(rt.store);
        const handle = await submit(rt, orderFor(rt, 'cancel-supplier', OFFERS.vpn));
        await eventually(
          async () => count(rt, "SELECT COUNT(*) FROM partner_orders WHERE state IN ('placed', 'confirmed')") > 0,
          'the requisition to be placed',
        );
        await handle.executeUpdate('cancelProductOrder', { args: [{ reason: 'project postponed' }] });
        const outcome = await handle.result();
        expect(outcome.state).toBe('cancelled');
        expect(count(rt, "SELECT COUNT(*) FROM partner_orders WHERE state = 'cancelled'")).toBe(1);
        expect(inventorySnapshot(rt.store)).toEqual(before);
      },
      { supplierSpeed: 100_000 },
    );
  });

  it('refuses to cancel a completed order', async () => {
    await withWorkers(async (rt) => {
      const handle = await submit(rt, orderFor(rt, 'cancel-late', OFFERS.voice));
      await handle.result();
      await expect(handle.executeUpdate('cancelProductOrder', { args: [{ reason: 'too late' }] })).rejects.toThrow();
    });
  });

  it('takes an amendment before implementation; its validator refuses a bad one, and a closed order takes none', async () => {
    await withWorkers(
      async (rt) => {
        const handle = await submit(rt, orderFor(rt, 'amend', OFFERS.vpn));
        await eventually(
          async () => count(rt, "SELECT COUNT(*) FROM partner_orders WHERE state IN ('placed', 'confirmed')") > 0,
          'the requisition to be placed',
        );
        const refused = await handle
          .executeUpdate('amendProductOrder', {
            args: [{ items: [{ itemId: '9', characteristics: { bandwidthMbps: 10 } }] }],
          })
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
        await handle.executeUpdate('amendProductOrder', {
          args: [{ items: [{ itemId: '1', characteristics: { bandwidthMbps: 200 } }] }],
        });
        const outcome = await handle.result();
        expect(outcome.state).toBe('completed');
        const stored = rt.store.db
          .prepare('SELECT characteristics FROM product_order_items WHERE order_id = ?')
          .pluck()
          .get(handle.workflowId) as string;
        expect(JSON.parse(stored)).toMatchObject({ bandwidthMbps: 200 });
        const service = rt.store.db
          .prepare("SELECT characteristics FROM services WHERE customer_id = 'CUST-1002'")
          .pluck()
          .get() as string;
        expect(JSON.parse(service)).toMatchObject({ bandwidthMbps: 200 });
        // The validator's refusal left no trace in the history; the accepted update did.
        const history = await handle.fetchHistory();
        expect((history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
        await expect(
          handle.executeUpdate('amendProductOrder', {
            args: [{ items: [{ itemId: '1', characteristics: { bandwidthMbps: 10 } }] }],
          }),
        ).rejects.toThrow();
      },
      { supplierSpeed: 100_000 },
    );
  });

  it('declares the order in jeopardy when the committed date comes with work open, and still completes it', async () => {
    await withWorkers(
      async (rt) => {
        const soon = new Date(Date.now() + 1500).toISOString();
        const handle = await submit(rt, orderFor(rt, 'jeopardy', OFFERS.vpn, { requestedCompletionDate: soon }));
        const outcome = await handle.result();
        expect(outcome.state).toBe('completed');
        expect(outcome.jeopardies).toHaveLength(1);
        expect(count(rt, 'SELECT COUNT(*) FROM order_jeopardies WHERE order_id = ?', handle.workflowId)).toBe(1);
        expect(
          count(
            rt,
            "SELECT COUNT(*) FROM notifications WHERE reference = ? AND subject LIKE '%may be late%'",
            handle.workflowId,
          ),
        ).toBe(1);
      },
      { supplierSpeed: 100_000 },
    );
  });

  it('fails the order when the reservation hold expires before the supplier delivers, releasing everything', async () => {
    await withWorkers(
      async (rt) => {
        const before = inventorySnapshot(rt.store);
        const handle = await submit(rt, orderFor(rt, 'hold', OFFERS.vpn, { timings: { reservationHold: '1 second' } }));
        const outcome = await handle.result();
        expect(outcome.state).toBe('failed');
        expect(outcome.items[0]!.reason).toMatch(/hold expired/);
        expect(inventorySnapshot(rt.store)).toEqual(before);
      },
      { supplierSpeed: 100_000 },
    );
  });
});
