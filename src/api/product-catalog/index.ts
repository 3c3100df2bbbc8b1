import type { FastifyInstance } from 'fastify';
import type { ProductOffering } from '../../domain/catalog';
import type { Ports } from '../../ports';
import { memoryCollection } from '../inventory/in-memory';
import { offeringRef, serviceSpecificationRef } from '../inventory/links';
import type { Resource } from '../representation';
import { typed } from '../representation';
import type { TmfSpec } from '../spec';
import { fromPrice, type OfferingPrice, offeringPrices, priceRef } from './prices';

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

const PRICE_FILTERS = { id: 'string', name: 'string', priceType: 'string', lifecycleStatus: 'string' } as const;
const priceAttribute = (p: OfferingPrice, name: string) =>
  ({ id: p.id, name: p.name, priceType: p.priceType, lifecycleStatus: LIFECYCLE })[name];
/** Every price of the catalog, read from its offerings each time: the catalog port holds them. */
const allPrices = async (ports: ProductCatalogOptions['ports']) =>
  (await ports.catalog.listOfferings()).flatMap(offeringPrices);

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
    productOfferingPrice: offeringPrices(o).map(priceRef),
    ...typed(spec, 'ProductOffering'),
  };
}

/**
 * TMF620 Product Catalog: the operator's product offerings and their prices, read from the catalog Strategy,
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
  memoryCollection(app, {
    spec,
    collection: 'productOfferingPrice',
    definition: 'ProductOfferingPrice',
    filters: PRICE_FILTERS,
    list: () => allPrices(ports),
    get: async (id) => (await allPrices(ports)).find((p) => p.id === id),
    attribute: priceAttribute,
    shown: (p) => fromPrice(spec, p),
  });
}
