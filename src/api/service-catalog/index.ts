import type { FastifyInstance } from 'fastify';
import type { CfsSpec } from '../../domain/catalog';
import type { Ports } from '../../ports';
import { absoluteHrefs } from '../inventory/absolute-hrefs';
import { memoryCollection } from '../inventory/in-memory';
import { serviceSpecificationRef } from '../inventory/links';
import { apiHref, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/** The spec file this API follows. */
export const SERVICE_CATALOG_SPEC = 'TMF633-ServiceCatalog-v4.0.0.swagger.json';

export interface ServiceCatalogOptions {
  ports: Pick<Ports, 'catalog'>;
  spec: TmfSpec;
}

/** Every specification of the catalog can be ordered: the store keeps no other lifecycle. */
const LIFECYCLE = 'Active';
const FILTERS = { id: 'string', name: 'string', lifecycleStatus: 'string' } as const;

const attribute = (s: CfsSpec, name: string) => ({ id: s.id, name: s.name, lifecycleStatus: LIFECYCLE })[name];

/**
 * A customer-facing service specification (TMF633): the parameters an order gives it, and the
 * resource specifications (TMF634) it needs — provisioned by RM&O, or identifiers SM&O allots.
 */
function fromSpecification(spec: TmfSpec, s: CfsSpec): Resource {
  return {
    id: s.id,
    href: serviceSpecificationRef(s.id).href,
    name: s.name,
    description: `${s.serviceType} service${s.needsOnsiteWork ? `, installed on site (${s.technicianSkill ?? 'technician'})` : ''}`,
    isBundle: false,
    lifecycleStatus: LIFECYCLE,
    specCharacteristic: s.parameters.map((name) => ({
      name,
      valueType: 'string',
      configurable: true,
      '@type': 'CharacteristicSpecification',
    })),
    resourceSpecification: s.resources.map((r) => ({
      id: r.resourceSpecId,
      href: apiHref('resourceCatalogManagement', 'resourceSpecification', r.resourceSpecId),
      name: r.resourceType,
      '@referredType': 'ResourceSpecification',
    })),
    ...typed(spec, 'ServiceSpecification'),
  };
}

/**
 * TMF633 Service Catalog: the customer-facing service specifications, read from the catalog
 * Strategy, Infrastructure & Product owns. Read only here, so POST, PATCH and DELETE are 405.
 */
export async function serviceCatalog(app: FastifyInstance, opts: ServiceCatalogOptions): Promise<void> {
  const { spec, ports } = opts;
  absoluteHrefs(app);
  memoryCollection(app, {
    spec,
    collection: 'serviceSpecification',
    definition: 'ServiceSpecification',
    filters: FILTERS,
    list: () => ports.catalog.listCfsSpecs(),
    get: (id) => ports.catalog.getCfsSpec(id),
    attribute,
    shown: (s) => fromSpecification(spec, s),
  });
}
