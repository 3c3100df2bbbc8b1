import type { CfsSpec, ProductOffering } from '../../domain/catalog';
import type { CatalogPort } from '../../ports/catalog';
import { type Db, json } from './database';

interface OfferingRow {
  id: string;
  name: string;
  description: string;
  recurring_minor: number;
  one_time_minor: number;
  lead_time_days: number;
  segment: string;
  recurring_tiers: string;
}

export function createSqliteCatalog(db: Db): CatalogPort {
  const servicesOf = db.prepare('SELECT cfs_spec_id FROM offering_services WHERE offering_id = ? ORDER BY cfs_spec_id');
  const toOffering = (r: OfferingRow): ProductOffering => ({
    id: r.id,
    name: r.name,
    description: r.description,
    recurringMinor: r.recurring_minor,
    oneTimeMinor: r.one_time_minor,
    leadTimeDays: r.lead_time_days,
    segment: r.segment,
    cfsSpecIds: servicesOf.pluck().all(r.id) as string[],
    recurringTiers: json.parse<ProductOffering['recurringTiers']>(r.recurring_tiers),
  });
  const catalog: CatalogPort = {
    async getOffering(offeringId) {
      const r = db.prepare('SELECT * FROM product_offerings WHERE id = ?').get(offeringId) as OfferingRow | undefined;
      return r && toOffering(r);
    },
    async listOfferings() {
      return (db.prepare('SELECT * FROM product_offerings ORDER BY id').all() as OfferingRow[]).map(toOffering);
    },
    async getCfsSpec(cfsSpecId) {
      const r = db.prepare('SELECT * FROM cfs_specs WHERE id = ?').get(cfsSpecId) as
        | {
            id: string;
            name: string;
            service_type: string;
            needs_onsite_work: number;
            technician_skill: string | null;
            parameters: string;
          }
        | undefined;
      if (!r) return undefined;
      const resources = db
        .prepare(
          `SELECT c.resource_spec_id AS resourceSpecId, s.resource_type AS resourceType, c.quantity, c.role
           FROM cfs_resource_specs c JOIN resource_specs s ON s.id = c.resource_spec_id
           WHERE c.cfs_spec_id = ? ORDER BY c.resource_spec_id`,
        )
        .all(cfsSpecId) as CfsSpec['resources'];
      return {
        id: r.id,
        name: r.name,
        serviceType: r.service_type,
        needsOnsiteWork: r.needs_onsite_work === 1,
        technicianSkill: r.technician_skill,
        parameters: json.parse<string[]>(r.parameters),
        resources,
      };
    },
    async listCfsSpecs() {
      const ids = db.prepare('SELECT id FROM cfs_specs ORDER BY id').pluck().all() as string[];
      return (await Promise.all(ids.map((id) => catalog.getCfsSpec(id)))).filter((s) => s !== undefined);
    },
  };
  return catalog;
}
