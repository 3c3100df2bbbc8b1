import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { createLayerWorkers, runWorkers } from '../../../src/temporal/workers';
import type { ProductOrderView } from '../../../workflows/crm/order-handling';
import { rowsOf, waitForWorkOrderAndComplete } from '../../support/assurance';
import { eventually, OFFERS, submit } from '../../support/fulfilment';
import { connections, withWorkers } from '../../support/runtime';
import { changeOrder, childIds, failVoiceLines, productState, voiceLine } from './product-lifecycle';

/**
 * #12, the modify (TMF622 `modify`): a speed change on the fibre access the customer holds.
 * 1.F.1.5 validates it against the product inventory and issues one SM&O modify per service of
 * the product the change touches, with the product's COMPLETE characteristics after it (merged); on
 * completion the product takes them. A failure part-way, or a cancel, leaves it as it was.
 */
const speed = (bandwidthMbps: number) => ({
  id: '1',
  action: 'modify' as const,
  product: { id: 'PRD-IB01' },
  characteristics: { bandwidthMbps },
});

/** The extra static range of #12: the product's `ipv4Ranges`, its CFS-STATIC-IP's own characteristic. */
const ranges = (ipv4Ranges: number) => ({
  id: '1',
  action: 'modify' as const,
  product: { id: 'PRD-IB01' },
  characteristics: { ipv4Ranges },
});

/** The Paris /29 range the pool gives next (the lowest id free): the one a second range takes. */
const nextRange = (rt: Parameters<typeof rowsOf>[0]) =>
  rowsOf(
    rt,
    "SELECT id FROM resources WHERE spec_id = 'RS-IPV4-29' AND region = 'PAR' AND state = 'available' ORDER BY id",
  )[0]!['id'] as string;

/** The range the static range's service holds and `extra`, and its parameter rows, released or not. */
const rangesOf = (rt: Parameters<typeof rowsOf>[0], extra: string) => ({
  pool: rowsOf(
    rt,
    "SELECT id, state, service_id, reservation_id FROM resources WHERE id IN ('IP-PAR-0', ?) ORDER BY id <> 'IP-PAR-0'",
    extra,
  ),
  parameters: rowsOf(
    rt,
    "SELECT name, resource_id, released_at IS NOT NULL AS released, release_reason FROM service_parameters WHERE service_id = 'SVC-IB01-2' ORDER BY seq",
  ),
});

describe('productOrder: modify a product the customer holds', () => {
  it('an extra static range: 1.F.2.2.2 allots only the new one, in service with the change; the cease returns both', async () => {
    await withWorkers(
      async (rt) => {
        const extra = nextRange(rt);
        const handle = await submit(rt, changeOrder(rt, 'ranges', 'CUST-1001', [ranges(2)]));
        const outcome = await handle.result();
        expect(outcome.state).toBe('completed');
        expect(rowsOf(rt, "SELECT characteristics FROM products WHERE id = 'PRD-IB01'")).toEqual([
          { characteristics: JSON.stringify({ bandwidthMbps: 1000, ipv4Ranges: 2 }) },
        ]);
        // Only the static range's service is modified: the access's own characteristics did not change.
        const so = `${handle.workflowId}/1/CFS-STATIC-IP`;
        expect(await childIds(rt, handle.workflowId)).toEqual([so, `${handle.workflowId}.relationship`]);
        expect(rowsOf(rt, "SELECT state, characteristics FROM services WHERE id = 'SVC-IB01-2'")).toEqual([
          // Its own characteristic changed; the product's speed it was recorded with stays.
          { state: 'active', characteristics: JSON.stringify({ bandwidthMbps: 1000, ipv4Ranges: 2 }) },
        ]);
        // The range held is kept as it was; the next free one of the pool is added, in service.
        expect(rangesOf(rt, extra)).toEqual({
          pool: [
            { id: 'IP-PAR-0', state: 'inService', service_id: 'SVC-IB01-2', reservation_id: 'RO-IB01-2' },
            { id: extra, state: 'inService', service_id: 'SVC-IB01-2', reservation_id: so },
          ],
          parameters: [
            { name: 'ipv4Range', resource_id: 'IP-PAR-0', released: 0, release_reason: null },
            { name: 'ipv4Range.2', resource_id: extra, released: 0, release_reason: null },
          ],
        });
        // SM&O's run: 1.F.2.2.2 allotted before the inventory took the change; a service no
        // element carries has no resource order and no end-to-end test.
        const events = (await rt.client.workflow.getHandle(so).fetchHistory()).events ?? [];
        const calls = events
          .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
          .filter((n): n is string => !!n);
        expect(calls).toEqual([
          'designSolution',
          'designSolution',
          'allocateSpecificServiceParameters',
          'activateService',
          'allocateSpecificServiceParameters',
        ]);
        expect(events.some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toBe(false);

        // The cease that follows gives both ranges back to the pool.
        const cease = await submit(
          rt,
          changeOrder(rt, 'ranges-cease', 'CUST-1001', [{ id: '1', action: 'delete', product: { id: 'PRD-IB01' } }]),
        );
        expect((await cease.result()).state).toBe('completed');
        const after = rangesOf(rt, extra);
        expect(after.pool).toEqual([
          { id: 'IP-PAR-0', state: 'available', service_id: null, reservation_id: null },
          { id: extra, state: 'available', service_id: null, reservation_id: null },
        ]);
        expect(after.parameters.map((p) => [p['resource_id'], p['released']])).toEqual([
          ['IP-PAR-0', 1],
          [extra, 1],
        ]);
      },
      { installedBase: true },
    );
  });

  it('an extra static range failing part-way (the voice line beside it fails): the range back in its pool, every product as before', async () => {
    await withWorkers(
      async (rt) => {
        const before = productState(rt, 'CUST-1001');
        const extra = nextRange(rt);
        const ranges0 = rangesOf(rt, extra);
        failVoiceLines(rt);
        const handle = await submit(rt, changeOrder(rt, 'ranges-fails', 'CUST-1001', [ranges(2), voiceLine('2')]));
        const outcome = await handle.result();
        expect(outcome.state).toBe('failed');
        expect(outcome.items.map((i) => [i.itemId, i.state])).toEqual([
          ['1', 'cancelled'],
          ['2', 'failed'],
        ]);
        expect(productState(rt, 'CUST-1001')).toEqual(before);
        // The range the modify took is free again; the one the service held, held as before.
        const after = rangesOf(rt, extra);
        expect(after.pool).toEqual(ranges0.pool);
        expect(after.pool).toEqual([
          { id: 'IP-PAR-0', state: 'inService', service_id: 'SVC-IB01-2', reservation_id: 'RO-IB01-2' },
          { id: extra, state: 'available', service_id: null, reservation_id: null },
        ]);
        expect(after.parameters).toEqual([
          { name: 'ipv4Range', resource_id: 'IP-PAR-0', released: 0, release_reason: null },
          { name: 'ipv4Range.2', resource_id: extra, released: 1, release_reason: expect.any(String) },
        ]);
        expect(rowsOf(rt, "SELECT state FROM services WHERE id = 'SVC-IB01-2'")).toEqual([{ state: 'active' }]);
        // The modify had completed: its restore order (back to the catalog's one range) gave the extra one back.
        const so = `${handle.workflowId}/1/CFS-STATIC-IP`;
        expect(await childIds(rt, handle.workflowId)).toEqual(expect.arrayContaining([so, `${so}/restore`]));
        expect(
          rowsOf(rt, 'SELECT action, state FROM service_orders WHERE id IN (?, ?) ORDER BY id', so, `${so}/restore`),
        ).toEqual([
          { action: 'modify', state: 'completed' },
          { action: 'modify', state: 'completed' },
        ]);
      },
      { installedBase: true },
    );
  });

  it('raises the speed: SM&O modifies each service with the merged characteristics, the product takes them', async () => {
    await withWorkers(
      async (rt) => {
        const periods = rowsOf(rt, "SELECT * FROM product_charge_periods WHERE product_id = 'PRD-IB01'");
        const handle = await submit(rt, changeOrder(rt, 'modify', 'CUST-1001', [speed(2000)]));
        const outcome = await handle.result();

        expect(outcome.state).toBe('completed');
        expect(outcome.changes).toEqual([
          expect.objectContaining({ productId: 'PRD-IB01', action: 'modify', status: 'active' }),
        ]);
        expect(rowsOf(rt, "SELECT status, characteristics FROM products WHERE id = 'PRD-IB01'")).toEqual([
          { status: 'active', characteristics: JSON.stringify({ bandwidthMbps: 2000 }) },
        ]);
        // The same offering, the same price: the charge period runs on.
        expect(rowsOf(rt, "SELECT * FROM product_charge_periods WHERE product_id = 'PRD-IB01'")).toEqual(periods);
        // SM&O was given the complete characteristics, and the services hold them.
        const service = rowsOf(rt, "SELECT state, characteristics FROM services WHERE id = 'SVC-IB01-1'")[0]!;
        expect(service).toEqual({ state: 'active', characteristics: JSON.stringify({ bandwidthMbps: 2000 }) });
        // Only the service the speed is its own characteristic of: not the static IP range beside it.
        expect(await childIds(rt, handle.workflowId)).toEqual([
          `${handle.workflowId}/1/CFS-FIBRE-ACCESS`,
          `${handle.workflowId}.relationship`,
        ]);
        expect(rowsOf(rt, "SELECT state, characteristics FROM services WHERE id = 'SVC-IB01-2'")).toEqual([
          { state: 'active', characteristics: JSON.stringify({ bandwidthMbps: 1000 }) },
        ]);
      },
      { installedBase: true },
    );
  });

  it('refuses a modify of a ceased product and one out of range, recording nothing', async () => {
    await withWorkers(
      async (rt) => {
        const before = productState(rt, 'CUST-1001');
        // Out of range: refused at the door (a TMF error body), nothing started.
        await expect(submit(rt, changeOrder(rt, 'modify-range', 'CUST-1001', [speed(0)]))).rejects.toMatchObject({
          body: { '@type': 'Error', status: '400', message: expect.stringContaining('bandwidthMbps') },
        });
        rt.store.db.prepare("UPDATE products SET status = 'terminated' WHERE id = 'PRD-IB01'").run();
        const ceased = await (await submit(rt, changeOrder(rt, 'modify-ceased', 'CUST-1001', [speed(2000)]))).result();
        expect(ceased.state).toBe('rejected');
        expect(ceased.reason).toMatch(/PRD-IB01 is terminated: it cannot take a modify/);
        rt.store.db.prepare("UPDATE products SET status = 'active' WHERE id = 'PRD-IB01'").run();
        expect(productState(rt, 'CUST-1001')).toEqual(before);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });

  it('fails part-way (the voice line beside it fails): the modify is modified back, every product as before', async () => {
    await withWorkers(
      async (rt) => {
        const before = productState(rt, 'CUST-1001');
        failVoiceLines(rt);
        const handle = await submit(rt, changeOrder(rt, 'modify-fails', 'CUST-1001', [speed(2000), voiceLine('2')]));
        const outcome = await handle.result();
        expect(outcome.state).toBe('failed');
        expect(outcome.items.map((i) => [i.itemId, i.state])).toEqual([
          ['1', 'cancelled'],
          ['2', 'failed'],
        ]);
        expect(productState(rt, 'CUST-1001')).toEqual(before);
        // The modify's services were modified back by their own restore orders.
        const ids = await childIds(rt, handle.workflowId);
        expect(ids).toEqual(expect.arrayContaining([`${handle.workflowId}/1/CFS-FIBRE-ACCESS/restore`]));
      },
      { installedBase: true },
    );
  });

  it('cancel of a modify in flight: the order is cancelled and the product is as before', async () => {
    await withWorkers(
      async (rt) => {
        const before = productState(rt, 'CUST-1001');
        const handle = await submit(rt, changeOrder(rt, 'modify-cancel', 'CUST-1001', [speed(5000)]));
        await eventually(async () => {
          const v = await handle.query<ProductOrderView>('getProductOrder');
          return v.items[0]!.serviceOrders.length > 0;
        }, 'the modify to be issued');
        const accepted = await handle
          .executeUpdate<ProductOrderView, [{ reason: string }]>('cancelProductOrder', {
            args: [{ reason: 'speed not needed after all' }],
          })
          .catch((err: unknown) => err);
        // The modify in flight is cancelled (or, done already, modified back).
        if (accepted instanceof WorkflowUpdateFailedError) throw accepted;
        const outcome = await handle.result();
        expect(outcome.state).toBe('cancelled');
        expect(outcome.items[0]!.state).toBe('cancelled');
        expect(productState(rt, 'CUST-1001')).toEqual(before);
        const states = rt.store.db
          .prepare('SELECT to_state FROM order_state_history WHERE order_id = ? AND item_id IS NULL ORDER BY seq')
          .pluck()
          .all(handle.workflowId);
        expect(states).toEqual(expect.arrayContaining(['assessingCancellation', 'pendingCancellation', 'cancelled']));
      },
      { installedBase: true },
    );
  });

  it('amend of a modify in flight: a second modify applies it, the service and the product end amended', async () => {
    await withWorkers(
      async (rt) => {
        const handle = await submit(rt, changeOrder(rt, 'modify-amend', 'CUST-1001', [speed(2000)]));
        const soId = `${handle.workflowId}/1/CFS-FIBRE-ACCESS`;
        // RM&O has no worker yet: the modify waits at 1.F.2.2.4 for its resource order, before the point of no return.
        await eventually(
          async () =>
            (await rt.client.workflow.getHandle(soId).query<{ currentProcess: string }>('getServiceOrder'))
              .currentProcess === '1.F.2.2.4',
          'the modify to wait for RM&O',
        );
        const accepted = await handle.executeUpdate<ProductOrderView, [unknown]>('amendProductOrder', {
          args: [{ items: [{ itemId: '1', characteristics: { bandwidthMbps: 5000 } }] }],
        });
        expect(accepted.state).toBe('inProgress');
        // RM&O comes up: the first modify completes, then the amendment's.
        const rmo = await createLayerWorkers({
          connection: (await connections()).native,
          namespace: inject('temporalNamespace'),
          ports: rt.store.ports,
          layers: ['rmo'],
          taskQueuePrefix: rt.prefix,
          workflowBundle: { codePath: inject('workflowBundlePath') },
        });
        const outcome = (await runWorkers(rmo, handle.result()))!;
        expect(outcome.state).toBe('completed');
        const amended = JSON.stringify({ bandwidthMbps: 5000 });
        expect(rowsOf(rt, "SELECT status, characteristics FROM products WHERE id = 'PRD-IB01'")).toEqual([
          { status: 'active', characteristics: amended },
        ]);
        expect(rowsOf(rt, "SELECT state, characteristics FROM services WHERE id = 'SVC-IB01-1'")).toEqual([
          { state: 'active', characteristics: amended },
        ]);
        // Both modifies in TMF641, completed; the second one's the amended speed.
        expect(
          rowsOf(rt, 'SELECT id, action, state FROM service_orders WHERE id LIKE ? ORDER BY id', `${soId}%`),
        ).toEqual([
          { id: soId, action: 'modify', state: 'completed' },
          { id: `${soId}/amend`, action: 'modify', state: 'completed' },
        ]);
        const history = await handle.fetchHistory();
        expect((history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
        expect(await childIds(rt, handle.workflowId)).toEqual([
          soId,
          `${soId}/amend`,
          `${handle.workflowId}.relationship`,
        ]);
      },
      { installedBase: true, layers: ['crm', 'smo', 'sprm'] },
    );
  });

  it('refuses an amend past the point of no return: the modify stands as ordered', async () => {
    await withWorkers(
      async (rt) => {
        // Beside the modify, a fibre access added in Paris waits for its installer (played here).
        const fibre = {
          id: '2',
          action: 'add' as const,
          productOfferingId: OFFERS.fibre.productOfferingId,
          region: 'PAR',
        };
        const handle = await submit(rt, changeOrder(rt, 'modify-late', 'CUST-1001', [speed(2000), fibre]));
        await eventually(async () => {
          const v = await handle.query<ProductOrderView>('getProductOrder');
          return v.items[0]!.serviceOrders[0]?.state === 'completed';
        }, 'the modify to complete');
        const refused = await handle
          .executeUpdate('amendProductOrder', {
            args: [{ items: [{ itemId: '1', characteristics: { bandwidthMbps: 5000 } }] }],
          })
          .then(
            () => undefined,
            (err: unknown) => err,
          );
        expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toContain(
          'item 1 is already implemented: it can no longer be amended',
        );
        await waitForWorkOrderAndComplete(rt, `${handle.workflowId}/2/CFS-FIBRE-ACCESS`);
        expect((await handle.result()).state).toBe('completed');
        const ordered = JSON.stringify({ bandwidthMbps: 2000 });
        expect(rowsOf(rt, "SELECT characteristics FROM products WHERE id = 'PRD-IB01'")).toEqual([
          { characteristics: ordered },
        ]);
        expect(rowsOf(rt, "SELECT characteristics FROM services WHERE id = 'SVC-IB01-1'")).toEqual([
          { characteristics: ordered },
        ]);
        const items = rt.store.db
          .prepare("SELECT characteristics FROM product_order_items WHERE order_id = ? AND item_id = '1'")
          .pluck()
          .get(handle.workflowId) as string;
        expect(JSON.parse(items)).toEqual({ bandwidthMbps: 2000 });
        const history = await handle.fetchHistory();
        expect((history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(0);
        expect(await childIds(rt, handle.workflowId)).not.toContain(`${handle.workflowId}/1/CFS-FIBRE-ACCESS/amend`);
      },
      { installedBase: true, installers: false },
    );
  });
});
