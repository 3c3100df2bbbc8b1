import type { AllocatedResource } from '../../domain/fulfilment/resource-order';
import type { ProductRecord } from '../../ports/product-orders';
import { customerParty, INVENTORY_APIS, offeringRef, resourceRef, serviceRef } from '../inventory/links';
import { apiHref, defined, ORDERING_APIS, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/**
 * A product the customer holds (TMF637), as the order item that delivered it recorded it and the
 * orders that modified or ceased it since left it (status, characteristics, termination date): the
 * offering it instantiates (TMF620), the order item (TMF622), the services that realize it
 * (TMF638) and the resources behind those (TMF639), each by href.
 */
export function fromRecord(
  spec: TmfSpec,
  p: ProductRecord,
  resources: readonly AllocatedResource[],
  offeringName: string | undefined,
  terminationDate?: string | null,
): Resource {
  return {
    id: p.id,
    href: apiHref(INVENTORY_APIS.product, 'product', p.id),
    ...defined({ name: offeringName }),
    isBundle: false,
    isCustomerVisible: true,
    status: p.status,
    startDate: p.startDate,
    // A ceased product (#12): when its last charge period closed.
    ...defined({ terminationDate }),
    // Its characteristics as they stand: as added, then as each modify left them.
    productCharacteristic: Object.entries(p.characteristics).map(([name, value]) => ({ name, value })),
    productOffering: offeringRef(p.productOfferingId, offeringName),
    billingAccount: {
      id: p.billingAccountId,
      href: apiHref('accountManagement', 'billingAccount', p.billingAccountId),
      '@referredType': 'BillingAccount',
    },
    place: [{ id: p.region, role: 'installationAddress', '@referredType': 'GeographicAddress' }],
    productOrderItem: [
      {
        productOrderId: p.orderId,
        productOrderHref: apiHref(ORDERING_APIS.product, 'productOrder', p.orderId),
        orderItemId: p.itemId,
        orderItemAction: 'add',
        role: 'deliveredBy',
        '@referredType': 'ProductOrder',
      },
    ],
    realizingService: p.serviceIds.map((id) => serviceRef(id)),
    realizingResource: resources.map((r) => resourceRef(r.id, r.name)),
    ...defined({ relatedParty: customerParty(p.customerId) }),
    ...typed(spec, 'Product'),
  };
}
