import { apiHref } from '../representation';

/** The read APIs the inventories and catalogs link across, by their names in the base path. */
export const INVENTORY_APIS = {
  product: 'productInventory',
  service: 'serviceInventory',
  resource: 'resourceInventoryManagement',
  productCatalog: 'productCatalogManagement',
  serviceCatalog: 'serviceCatalogManagement',
} as const;

/** A reference to another resource, by href, as every TMF `…Ref` carries it. */
const ref = (api: string, collection: string, referredType: string) => (id: string, name?: string) => ({
  id,
  href: apiHref(api, collection, id),
  ...(name ? { name } : {}),
  '@referredType': referredType,
});

export const productRef = ref(INVENTORY_APIS.product, 'product', 'Product');
export const serviceRef = ref(INVENTORY_APIS.service, 'service', 'Service');
export const resourceRef = ref(INVENTORY_APIS.resource, 'resource', 'Resource');
export const offeringRef = ref(INVENTORY_APIS.productCatalog, 'productOffering', 'ProductOffering');
export const serviceSpecificationRef = ref(
  INVENTORY_APIS.serviceCatalog,
  'serviceSpecification',
  'ServiceSpecification',
);

/** The customer a product, service or resource is for (TMF RelatedParty). */
export const customerParty = (id: string | null) =>
  id ? [{ id, role: 'customer', '@referredType': 'Customer' }] : undefined;

/** Attributes as TMF Characteristics (name, value). */
export const characteristics = (values: Record<string, unknown>) =>
  Object.entries(values).map(([name, value]) => ({ name, value }));
