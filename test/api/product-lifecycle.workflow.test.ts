import { describe, expect, it } from 'vitest';
import { submitProductOrder } from '../../src/fulfilment/submit';
import { eventually, TEST_TIMINGS } from '../support/fulfilment';
import { withApi, type ApiTestRuntime } from './support';

/**
 * #12 through TMF622 and TMF637: a cease (`delete` with its product reference) placed by the API
 * terminates the product TMF637 shows; a change without its product is refused at the door; and
 * every product order — posted to the API, or submitted as the CLI does — establishes the
 * customer's relationship (1.FAB.1.9.1), not only a sale's.
 */
type Order = { id: string; state: string; [k: string]: unknown };
const customer = (id: string) => [{ id, role: 'customer', '@referredType': 'Customer' }];

const settled = (rt: ApiTestRuntime, id: string) =>
  eventually(
    async () => {
      const r = await rt.call<Order>('GET', `/productOrder/${id}`, { expect: 'ProductOrder' });
      return ['completed', 'rejected', 'failed', 'partial', 'cancelled'].includes(r.body.state) && r.body;
    },
    `order ${id} to settle`,
    90_000,
  );

const relationship = (rt: ApiTestRuntime, customerId: string) =>
  eventually(
    async () =>
      rt.store.db.prepare('SELECT state FROM customer_relationships WHERE customer_id = ?').pluck().get(customerId) as
        string | undefined,
    `the relationship of ${customerId}`,
    60_000,
  );

describe('TMF622 product lifecycle items and the relationship every order establishes', () => {
  it('a cease posted to TMF622 terminates the product TMF637 shows, and refuses one without its product', async () => {
    await withApi(
      async (rt) => {
        const refused = await rt.call('POST', '/productOrder', {
          body: {
            productOrderItem: [{ id: '1', action: 'delete' }],
            relatedParty: customer('CUST-1001'),
          },
        });
        expect(refused.status).toBe(400);
        expect(JSON.stringify(refused.body)).toContain('/productOrderItem/0/product/id');

        const id = rt.id('api-cease');
        const placed = await rt.call<Order>('POST', '/productOrder', {
          body: {
            externalId: id,
            productOrderItem: [{ id: '1', action: 'delete', product: { id: 'PRD-IB01' } }],
            relatedParty: customer('CUST-1001'),
          },
          expect: 'ProductOrder',
        });
        expect(placed.status).toBe(201);
        const done = await settled(rt, id);
        expect(done.state).toBe('completed');
        expect(done['productOrderItem']).toEqual([
          expect.objectContaining({
            action: 'delete',
            state: 'completed',
            product: expect.objectContaining({ id: 'PRD-IB01' }),
          }),
        ]);
        const product = await rt.call<Record<string, unknown>>('GET', '/tmf-api/productInventory/v4/product/PRD-IB01', {
          expect: 'Product',
          spec: 'TMF637-ProductInventory-v4.0.0.swagger.json',
        });
        expect(product.body).toMatchObject({
          status: 'terminated',
          terminationDate: expect.any(String),
          productCharacteristic: [{ name: 'bandwidthMbps', value: 1000 }],
        });
      },
      { installedBase: true },
    );
  });

  it('an add posted to the API and one submitted as the CLI does each establish the customer’s relationship', async () => {
    await withApi(async (rt) => {
      const viaApi = rt.id('api-add');
      await rt.call('POST', '/productOrder', {
        body: {
          externalId: viaApi,
          productOrderItem: [
            {
              id: '1',
              action: 'add',
              productOffering: { id: 'PO-VOICE-LINE' },
              product: { place: [{ role: 'installationAddress', id: 'PAR' }] },
            },
          ],
          relatedParty: customer('CUST-1006'),
        },
        expect: 'ProductOrder',
      });
      expect((await settled(rt, viaApi)).state).toBe('completed');
      expect(await relationship(rt, 'CUST-1006')).toBe('established');
      // Visibility lists a started workflow a moment later: wait for it.
      await eventually(
        async () => (await rt.workflowIds()).includes(`${viaApi}.relationship`),
        'the relationship step in visibility',
        60_000,
      );

      // The CLI's demo submits through submitProductOrder, as any Temporal client does.
      const viaClient = await submitProductOrder(
        rt.client,
        {
          externalId: rt.id('cli-add'),
          customerId: 'CUST-1001',
          items: [{ id: '1', productOfferingId: 'PO-VOICE-LINE', region: 'PAR' }],
          timings: TEST_TIMINGS,
        },
        { taskQueuePrefix: rt.prefix },
      );
      expect((await viaClient.result()).state).toBe('completed');
      expect(await relationship(rt, 'CUST-1001')).toBe('established');
    });
  });
});
