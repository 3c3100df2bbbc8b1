import type { FastifyInstance } from 'fastify';
import type { Ports } from '../../ports';
import type { ProductRecord } from '../../ports/product-orders';
import { storeCollection } from '../inventory/store-collection';
import { allowed, dateBounds } from '../listing';
import type { Filter } from '../query';
import type { TmfSpec } from '../spec';
import { fromRecord } from './representation';

/** The spec file this API follows. */
export const PRODUCT_INVENTORY_SPEC = 'TMF637-ProductInventory-v4.0.0.swagger.json';

export interface ProductInventoryOptions {
  ports: Pick<Ports, 'productOrders' | 'resourceInventory' | 'catalog'>;
  spec: TmfSpec;
}

const FILTERS = {
  id: 'string',
  status: 'string',
  'relatedParty.id': 'string',
  'productOffering.id': 'string',
  'productOrderItem.productOrderId': 'string',
  startDate: 'date',
} as const;

const toSearch = (filters: Filter[]) => ({
  ids: allowed(filters, 'id'),
  statuses: allowed(filters, 'status') as ProductRecord['status'][] | undefined,
  customerIds: allowed(filters, 'relatedParty.id'),
  productOfferingIds: allowed(filters, 'productOffering.id'),
  orderIds: allowed(filters, 'productOrderItem.productOrderId'),
  dates: dateBounds(filters, { startDate: 'startDate' } as const),
});

/**
 * TMF637 Product Inventory: the customers' products, read from the store, as Order Handling
 * (1.F.1.5) recorded them when each order item completed (added, modified, ceased). Read only: a product changes through
 * a product order (TMF622), so POST, PATCH and DELETE are 405.
 */
export async function productInventory(app: FastifyInstance, opts: ProductInventoryOptions): Promise<void> {
  const { spec, ports } = opts;
  const shown = async (products: ProductRecord[]) => {
    const offerings = new Map((await ports.catalog.listOfferings()).map((o) => [o.id, o.name]));
    return Promise.all(
      products.map(async (p) => {
        const resources = (await Promise.all(p.serviceIds.map((s) => ports.resourceInventory.byService(s)))).flat();
        const ended =
          p.status === 'terminated' ? (await ports.productOrders.chargePeriods(p.id)).at(-1)?.validTo : null;
        return fromRecord(spec, p, resources, offerings.get(p.productOfferingId), ended);
      }),
    );
  };

  storeCollection(app, {
    spec,
    collection: 'product',
    definition: 'Product',
    filters: FILTERS,
    toSearch,
    search: (q) => ports.productOrders.searchProducts(q),
    shown,
  });
}
