import type { FastifyInstance } from 'fastify';
import type { ProductOffering } from '../../domain/catalog';
import type { Ports } from '../../ports';
import { memoryCollection } from '../inventory/in-memory';
import { offeringRef, serviceSpecificationRef } from '../inventory/links';
import type { Resource } from '../representation';
import { typed } from '../representation';
import type { TmfSpec } from '../spec';

/** The spec file this API follows. */
export const PRODUCT_CATALOG_SPEC = 'TMF620-ProductCatalog-v4.0.0.swagger.json';

export interface ProductCatalogOptions {
  ports: Pick<Ports, 'catalog'>;
  spec: TmfSpec;
}

/** Every offering of the catalog is on sale: the store keeps no other lifecycle. */
const LIFECYCLE = 'Launched';
const FILTERS = { id: 'string', name: 'string', lifecycleStatus: 'string', 'marketSegment.id': 'string' } as const;

const attribute = (o: ProductOffering, name: string) =>
  ({ id: o.id, name: o.name, lifecycleStatus: LIFECYCLE, 'marketSegment.id': o.segment })[name];

/**
 * A product offering (TMF620), its lead time, and the customer-facing service specifications
 * (TMF633) it decomposes into. TMF620 v4 reaches those only through a product specification,
 * which this catalog does not keep: they are listed by href in `serviceSpecification`, an
 * extension attribute of the offering.
 */
function fromOffering(spec: TmfSpec, o: ProductOffering): Resource {
  const { href } = offeringRef(o.id);
  return {
    id: o.id,
    href,
    name: o.name,
    description: o.description,
    isBundle: false,
    isSellable: true,
    lifecycleStatus: LIFECYCLE,
    marketSegment: [{ id: o.segment, name: o.segment, '@referredType': 'MarketSegment' }],
    productOfferingTerm: [{ name: 'lead time', duration: { amount: o.leadTimeDays, units: 'day' } }],
    serviceSpecification: o.cfsSpecIds.map((id) => serviceSpecificationRef(id)),
    ...typed(spec, 'ProductOffering'),
  };
}

/**
 * TMF620 Product Catalog: the operator's product offerings, read from the catalog Strategy,
 * Infrastructure & Product owns. Read only here, so POST, PATCH and DELETE are 405.
 */
export async function productCatalog(app: FastifyInstance, opts: ProductCatalogOptions): Promise<void> {
  const { spec, ports } = opts;
  memoryCollection(app, {
    spec,
    collection: 'productOffering',
    definition: 'ProductOffering',
    filters: FILTERS,
    list: () => ports.catalog.listOfferings(),
    get: (id) => ports.catalog.getOffering(id),
    attribute,
    shown: (o) => fromOffering(spec, o),
  });
}
