import type { CfsSpec, ProductOffering } from '../domain/catalog';

/**
 * The product, service and resource catalogs (TMF620 / TMF633 / TMF634): read-only for the
 * operations processes, owned by Strategy, Infrastructure & Product.
 */
export interface CatalogPort {
  getOffering(offeringId: string): Promise<ProductOffering | undefined>;
  listOfferings(): Promise<ProductOffering[]>;
  getCfsSpec(cfsSpecId: string): Promise<CfsSpec | undefined>;
  /** Every customer-facing service specification (TMF633), by id. */
  listCfsSpecs(): Promise<CfsSpec[]>;
}
