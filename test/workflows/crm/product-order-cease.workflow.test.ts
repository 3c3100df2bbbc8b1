import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../support/assurance';
import { submit } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';
import { changeOrder, childIds, childTypes, failVoiceLines, productState, voiceLine } from './product-lifecycle';

/**
 * #12, the cease (TMF622 `delete`): 1.F.1.5 validates it against the product inventory, SM&O
 * ceases each of the product's services, the product is terminated (its charge period closed at
 * the cease), the final bill runs as a child, and Retention & Loyalty is told `productCeased`.
 */
describe('productOrder: delete (cease) a product the customer holds', () => {
  it('ceases the fibre product: services terminated, product terminated, charge period closed, final bill and retention', async () => {
    await withWorkers(
      async (rt) => {
        const handle = await submit(
          rt,
          changeOrder(rt, 'cease', 'CUST-1001', [{ id: '1', action: 'delete', product: { id: 'PRD-IB01' } }]),
        );
        const outcome = await handle.result();

        expect({ state: outcome.state, reason: outcome.reason }).toEqual({
          state: 'completed',
          reason: '1 of 1 item(s) delivered',
        });
        expect(outcome.items.map((i) => [i.itemId, i.state])).toEqual([['1', 'completed']]);
        expect(outcome.changes).toEqual([
          expect.objectContaining({ productId: 'PRD-IB01', itemId: '1', action: 'delete', status: 'terminated' }),
        ]);
        // SM&O ceased both services of the product.
        expect(rowsOf(rt, "SELECT id, state FROM services WHERE id LIKE 'SVC-IB01-%' ORDER BY id")).toEqual([
          { id: 'SVC-IB01-1', state: 'terminated' },
          { id: 'SVC-IB01-2', state: 'terminated' },
        ]);
        // The inventory: terminated, its only charge period closed at the cease (no next one).
        const ceasedAt = outcome.changes![0]!.at!;
        expect(rowsOf(rt, "SELECT status FROM products WHERE id = 'PRD-IB01'")).toEqual([{ status: 'terminated' }]);
        expect(rowsOf(rt, "SELECT valid_to, status FROM product_charge_periods WHERE product_id = 'PRD-IB01'")).toEqual(
          [{ valid_to: ceasedAt, status: 'active' }],
        );
        expect(
          rowsOf(rt, 'SELECT action, product_id FROM product_order_items WHERE order_id = ?', handle.workflowId),
        ).toEqual([{ action: 'delete', product_id: 'PRD-IB01' }]);
        // The children: the two cease orders, the final bill, Retention & Loyalty told productCeased.
        const types = await childTypes(rt, handle.workflowId);
        expect(types).toEqual(['serviceOrder', 'serviceOrder', 'finalBill', 'customerRelationship']);
        expect(await childIds(rt, handle.workflowId)).toContain(`${handle.workflowId}.final-bill`);
        expect(outcome.finalBill?.workflowId).toBe(`${handle.workflowId}.final-bill`);
        const relationship = rt.client.workflow.getHandle(`${handle.workflowId}.PRD-IB01.relationship`);
        const view = (await relationship.result()) as { trigger: string };
        expect(view.trigger).toBe('productCeased');
      },
      { installedBase: true },
    );
  });

  it('refuses to amend the characteristics of a cease item: a delete has none', async () => {
    await withWorkers(
      async (rt) => {
        const handle = await submit(
          rt,
          changeOrder(rt, 'cease-amend', 'CUST-1001', [{ id: '1', action: 'delete', product: { id: 'PRD-IB01' } }]),
        );
        const refused = await handle
          .executeUpdate('amendProductOrder', {
            args: [{ items: [{ itemId: '1', characteristics: { bandwidthMbps: 10 } }] }],
          })
          .then(
            () => undefined,
            (err: unknown) => err,
          );
        expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toContain(
          'item 1 is a delete: it has no characteristics to amend',
        );
        expect((await handle.result()).state).toBe('completed');
      },
      { installedBase: true },
    );
  });

  it('refuses a cease of a product that is not the customer’s, recording nothing', async () => {
    await withWorkers(
      async (rt) => {
        const before = productState(rt, 'CUST-1005');
        const handle = await submit(
          rt,
          changeOrder(rt, 'cease-other', 'CUST-1001', [{ id: '1', action: 'delete', product: { id: 'PRD-IB04' } }]),
        );
        const outcome = await handle.result();
        expect(outcome.state).toBe('rejected');
        expect(outcome.reason).toMatch(/customer CUST-1001 has no product PRD-IB04/);
        expect(productState(rt, 'CUST-1005')).toEqual(before);
        expect(rowsOf(rt, 'SELECT id FROM product_orders WHERE id = ?', handle.workflowId)).toEqual([]);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });

  it('fails part-way (the add beside the cease fails): the cease never starts, the add is undone, every product as before', async () => {
    await withWorkers(
      async (rt) => {
        const before = productState(rt, 'CUST-1001');
        // The voice line added beside the cease cannot be configured on its port (RM&O 1.F.3.2.2).
        failVoiceLines(rt);
        const handle = await submit(
          rt,
          changeOrder(rt, 'cease-fails', 'CUST-1001', [
            voiceLine('1'),
            { id: '2', action: 'delete', product: { id: 'PRD-IB01' } },
          ]),
        );
        const outcome = await handle.result();
        expect({ state: outcome.state, reason: outcome.reason }).toMatchObject({ state: 'failed' });
        expect(outcome.items.map((i) => [i.itemId, i.state])).toEqual([
          ['1', 'failed'],
          ['2', 'cancelled'],
        ]);
        expect(outcome.items[1]!.reason).toMatch(/not started: item 1/);
        // Exactly as before: the fibre product, its period, its services and resources; no voice line.
        expect(productState(rt, 'CUST-1001')).toEqual(before);
        expect(await childTypes(rt, handle.workflowId)).not.toContain('finalBill');
      },
      { installedBase: true },
    );
  });
});
