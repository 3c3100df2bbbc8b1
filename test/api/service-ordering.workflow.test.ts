import { describe, expect, it } from 'vitest';
import { eventually } from '../support/fulfilment';
import { placeCompletedFibreOrder, withApi, type ApiTestRuntime } from './support';

const TMF641 = 'TMF641-ServiceOrdering-v4.0.0.swagger.json';
const TMF652 = 'TMF652-ResourceOrdering-v4.0.0.swagger.json';
const SO = '/tmf-api/serviceOrdering/v4';
const RO = '/tmf-api/resourceOrderingManagement/v4';
const PO = '/tmf-api/productOrderingManagement/v4';

type Order = { id: string; href: string; state: string; [k: string]: unknown };
type Ref = { id: string; href: string; '@referredType'?: string };

const serviceOrders = (rt: ApiTestRuntime, url: string) =>
  rt.call<Order[]>('GET', `${SO}${url}`, { expect: 'ServiceOrder', spec: TMF641 });
const resourceOrders = (rt: ApiTestRuntime, url: string) =>
  rt.call<Order[]>('GET', `${RO}${url}`, { expect: 'ResourceOrder', spec: TMF652 });

/** A service order placed on its own: one fibre access for CUST-1001 in Paris. */
const fibre = (externalId: string) => ({
  externalId,
  relatedParty: [{ id: 'CUST-1001', role: 'customer', '@referredType': 'Customer' }],
  serviceOrderItem: [
    {
      id: '1',
      action: 'add',
      service: {
        serviceSpecification: { id: 'CFS-FIBRE-ACCESS' },
        place: [{ id: 'PAR', role: 'installationAddress' }],
      },
    },
  ],
});

describe('TMF641 Service Ordering and TMF652 Resource Ordering against the real workers', () => {
  it('shows the service and resource orders of a product order placed through TMF622, linked to one another by href', async () => {
    await withApi(async (rt) => {
      const id = await placeCompletedFibreOrder(rt, 'links');

      // The product order's service orders: filtered by the product order they serve.
      const list = await serviceOrders(rt, `/serviceOrder?externalReference.name=${id}`);
      expect(list.status).toBe(200);
      // PO-FIBRE-BIZ is a fibre access and a static IP: one service order each, the access with a resource order.
      expect(list.headers.get('x-total-count')).toBe('2');
      const so = list.body.find((o) => JSON.stringify(o).includes('CFS-FIBRE-ACCESS'));
      expect(so).toMatchObject({
        state: 'completed',
        '@type': 'ServiceOrder',
        externalReference: [{ name: id, externalReferenceType: 'ProductOrder' }],
        orderRelationship: [{ id, href: `${PO}/productOrder/${id}`, '@referredType': 'ProductOrder' }],
      });
      expect(so!.href).toBe(`${SO}/serviceOrder/${encodeURIComponent(so!.id)}`);
      expect(so!['@schemaLocation']).toMatch(/TMF641.*#\/definitions\/ServiceOrder$/);
      // Following the links: product order ← service order → resource order → service order.
      const back = await rt.call<Order>('GET', (so!['orderRelationship'] as Ref[])[0]!.href, {
        expect: 'ProductOrder',
      });
      expect(back.body.id).toBe(id);
      const one = await rt.call<Order>('GET', so!.href, { expect: 'ServiceOrder', spec: TMF641 });
      expect(one.body.id).toBe(so!.id);
      const items = one.body['serviceOrderItem'] as Array<{ service: { relatedEntity: Ref[] } }>;
      const roRef = items[0]!.service.relatedEntity[0]!;
      expect(roRef['@referredType']).toBe('ResourceOrder');
      const ro = await rt.call<Order>('GET', roRef.href, { expect: 'ResourceOrder', spec: TMF652 });
      expect(ro.body).toMatchObject({ id: roRef.id, state: 'completed', '@type': 'ResourceOrder' });
      const up = (ro.body['externalReference'] as Ref[])[0]!;
      expect(up).toMatchObject({ id: so!.id, entityType: 'ServiceOrder', href: so!.href });
      const ros = await resourceOrders(rt, `/resourceOrder?externalReference.id=${encodeURIComponent(so!.id)}`);
      expect(ros.body.map((o) => o.id)).toContain(roRef.id);

      // Completed orders can no longer be cancelled.
      const late = await rt.call('POST', `${SO}/cancelServiceOrder`, { body: { serviceOrder: { id: so!.id } } });
      expect(late.status).toBe(409);
      const lateRo = await rt.call('POST', `${RO}/cancelResourceOrder`, { body: { resourceOrder: { id: roRef.id } } });
      expect(lateRo.status).toBe(409);
      expect((await rt.call('GET', `${SO}/cancelServiceOrder/${encodeURIComponent(so!.id)}`)).status).toBe(404);
    });
  });

  it('starts a service order posted from outside (201, idempotent), and cancels it: the order undoes its work', async () => {
    await withApi(async (rt) => {
      const id = rt.id('so');
      const placed = await rt.call<Order>('POST', `${SO}/serviceOrder`, {
        body: fibre(id),
        expect: 'ServiceOrder',
        spec: TMF641,
      });
      expect(placed.status).toBe(201);
      expect(placed.headers.get('location')).toBe(`${SO}/serviceOrder/${id}`);
      expect(placed.body).toMatchObject({ id, state: 'acknowledged', '@type': 'ServiceOrder' });
      const again = await rt.call<Order>('POST', `${SO}/serviceOrder`, {
        body: fibre(id),
        expect: 'ServiceOrder',
        spec: TMF641,
      });
      expect(again.body.id).toBe(id);
      // Visibility lists a started workflow a moment later: wait for it (generous on a loaded machine).
      await eventually(
        async () => (await rt.workflowIds('smo')).includes(id),
        'the service order in visibility',
        60_000,
      );

      const cancel = await rt.call<Order>('POST', `${SO}/cancelServiceOrder`, {
        body: { serviceOrder: { id }, cancellationReason: 'site closed' },
        expect: 'CancelServiceOrder',
        spec: TMF641,
      });
      expect(cancel.status).toBe(201);
      expect(cancel.headers.get('location')).toBe(`${SO}/cancelServiceOrder/${id}`);
      expect(cancel.body).toMatchObject({ id, state: 'inProgress', cancellationReason: 'site closed' });
      const task = await eventually(
        async () => {
          const r = await rt.call<Order>('GET', `${SO}/cancelServiceOrder/${id}`, {
            expect: 'CancelServiceOrder',
            spec: TMF641,
          });
          return r.body.state === 'done' && r.body;
        },
        `cancellation of ${id}`,
        45_000,
      );
      expect(task).toMatchObject({ cancellationReason: 'site closed', serviceOrder: { id } });
      const order = await rt.call<Order>('GET', `${SO}/serviceOrder/${id}`, { expect: 'ServiceOrder', spec: TMF641 });
      expect(order.body.state).toBe('cancelled');
      expect((await rt.call('POST', `${SO}/cancelServiceOrder`, { body: { serviceOrder: { id } } })).status).toBe(409);
      expect(
        (await rt.call('POST', `${SO}/cancelServiceOrder`, { body: { serviceOrder: { id: 'SO-NONE' } } })).status,
      ).toBe(404);
    });
  });
});
