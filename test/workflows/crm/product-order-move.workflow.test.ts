import { describe, expect, it } from 'vitest';
import { injectFault } from '../../../src/simulators/network';
import { rowsOf } from '../../support/assurance';
import { submit } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';
import { changeOrder, childIds, freePort, type Item, productState } from './product-lifecycle';

/**
 * #12, the move (relocation): ONE product order — an `add` at the new site and the `delete` of
 * the old product, which relies on the add (TMF622 productOrderItemRelationship, "relies on").
 * The new service is active before the old one goes; a failure of the add keeps the old one.
 */
const move = (): Item[] => [
  {
    id: '1',
    action: 'add',
    productOfferingId: 'PO-FIBRE-BIZ',
    region: 'LYO',
    characteristics: { bandwidthMbps: 1000 },
  },
  {
    id: '2',
    action: 'delete',
    product: { id: 'PRD-IB01' },
    productOrderItemRelationship: [{ id: '1', relationshipType: 'reliesOn' }],
  },
];

describe('productOrder: move a fibre access from Paris to Lyon', () => {
  it('adds at the new site, and only once it is active ceases the old one', async () => {
    await withWorkers(
      async (rt) => {
        const handle = await submit(rt, changeOrder(rt, 'move', 'CUST-1001', move()));
        const outcome = await handle.result();

        expect(outcome.state).toBe('completed');
        expect(outcome.items.map((i) => [i.itemId, i.state])).toEqual([
          ['1', 'completed'],
          ['2', 'completed'],
        ]);
        const added = outcome.products[0]!;
        expect(rowsOf(rt, 'SELECT status, region FROM products WHERE id = ?', added.productId)).toEqual([
          { status: 'active', region: 'LYO' },
        ]);
        expect(rowsOf(rt, "SELECT status FROM products WHERE id = 'PRD-IB01'")).toEqual([{ status: 'terminated' }]);
        // The new services were active before the old ones were ceased.
        const newest = rowsOf(
          rt,
          `SELECT max(activated_at) AS at FROM services WHERE id IN (SELECT value FROM json_each(?))`,
          JSON.stringify(added.serviceIds),
        )[0]!['at'] as string;
        const firstCease = rowsOf(rt, "SELECT min(terminated_at) AS at FROM services WHERE id LIKE 'SVC-IB01-%'")[0]![
          'at'
        ] as string;
        expect(newest < firstCease, `${newest} before ${firstCease}`).toBe(true);
        // The history: feasibility of the add only, its service orders, then the cease's, the final
        // bill, Retention & Loyalty (the order, then the ceased product).
        const ids = await childIds(rt, handle.workflowId);
        const order = handle.workflowId;
        expect(ids).toEqual([
          `${order}/feasibility/1/CFS-FIBRE-ACCESS`,
          `${order}/feasibility/1/CFS-STATIC-IP`,
          `${order}/1/CFS-FIBRE-ACCESS`,
          `${order}/1/CFS-STATIC-IP`,
          `${order}/2/CFS-FIBRE-ACCESS`,
          `${order}/2/CFS-STATIC-IP`,
          `${order}.final-bill`,
          `${order}.relationship`,
          `${order}.PRD-IB01.relationship`,
        ]);
      },
      { installedBase: true },
    );
  });

  it('fails part-way (the new site cannot be configured): the old product is kept, the add undone', async () => {
    await withWorkers(
      async (rt) => {
        const before = productState(rt, 'CUST-1001');
        injectFault(rt.store.db, freePort(rt, 'LYO'), 'configure', 100);
        const handle = await submit(rt, changeOrder(rt, 'move-fails', 'CUST-1001', move()));
        const outcome = await handle.result();

        expect(outcome.state).toBe('failed');
        expect(outcome.items.map((i) => [i.itemId, i.state])).toEqual([
          ['1', 'failed'],
          ['2', 'cancelled'],
        ]);
        expect(productState(rt, 'CUST-1001')).toEqual(before);
        expect(rowsOf(rt, "SELECT state FROM services WHERE customer_id = 'CUST-1001' AND region = 'LYO'")).toEqual(
          rowsOf(rt, "SELECT 'terminated' AS state FROM services WHERE customer_id = 'CUST-1001' AND region = 'LYO'"),
        );
        // The old product's services were never ordered to cease.
        expect((await childIds(rt, handle.workflowId)).filter((id) => id.includes('/2/'))).toEqual([]);
      },
      { installedBase: true },
    );
  });
});
