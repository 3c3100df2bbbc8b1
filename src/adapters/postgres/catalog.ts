import type { CfsSpec, ProductOffering } from '../../domain/catalog';
import type { CatalogPort } from '../../ports/catalog';
import { createSqliteCatalog } from '../sqlite/catalog';
import { openDatabase } from '../sqlite/database';
import { seedSampleOperator } from '../sqlite/seed';
import { inTransaction, type Pool } from './database';

/**
 * The catalogs (TMF620 / TMF633) on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/catalog.contract.ts runs on both). Read-only: Strategy, Infrastructure & Product
 * owns it; the operations processes only read it.
 */

interface OfferingRow {
  id: string;
  name: string;
  description: string;
  recurring_minor: string;
  one_time_minor: string;
  lead_time_days: number;
  segment: string;
  cfs_spec_ids: string[];
  recurring_tiers: ProductOffering['recurringTiers'];
}
interface CfsRow {
  id: string;
  name: string;
  service_type: string;
  needs_onsite_work: boolean;
  technician_skill: string | null;
  parameters: string[];
  resources: CfsSpec['resources'];
}

const OFFERINGS = `SELECT o.*, COALESCE(
    (SELECT array_agg(cfs_spec_id ORDER BY cfs_spec_id) FROM offering_services WHERE offering_id = o.id), '{}') AS cfs_spec_ids
  FROM product_offerings o`;
const CFS_SPECS = `SELECT c.*, COALESCE((
    SELECT json_agg(json_build_object('resourceSpecId', r.resource_spec_id, 'resourceType', s.resource_type,
             'quantity', r.quantity, 'role', r.role) ORDER BY r.resource_spec_id)
    FROM cfs_resource_specs r JOIN resource_specs s ON s.id = r.resource_spec_id WHERE r.cfs_spec_id = c.id), '[]') AS resources
  FROM cfs_specs c`;

const toOffering = (r: OfferingRow): ProductOffering => ({
  id: r.id,
  name: r.name,
  description: r.description,
  recurringMinor: Number(r.recurring_minor),
  oneTimeMinor: Number(r.one_time_minor),
  leadTimeDays: r.lead_time_days,
  segment: r.segment,
  cfsSpecIds: r.cfs_spec_ids,
  recurringTiers: r.recurring_tiers,
});
const toCfsSpec = (r: CfsRow): CfsSpec => ({
  id: r.id,
  name: r.name,
  serviceType: r.service_type,
  needsOnsiteWork: r.needs_onsite_work,
  technicianSkill: r.technician_skill,
  parameters: r.parameters,
  resources: r.resources,
});

export function createPostgresCatalog(pool: Pool): CatalogPort {
  return {
    async getOffering(offeringId) {
      const { rows } = await pool.query<OfferingRow>(`${OFFERINGS} WHERE o.id = $1`, [offeringId]);
      return rows[0] && toOffering(rows[0]);
    },
    async listOfferings() {
      return (await pool.query<OfferingRow>(`${OFFERINGS} ORDER BY o.id`)).rows.map(toOffering);
    },
    async getCfsSpec(cfsSpecId) {
      const { rows } = await pool.query<CfsRow>(`${CFS_SPECS} WHERE c.id = $1`, [cfsSpecId]);
      return rows[0] && toCfsSpec(rows[0]);
    },
    async listCfsSpecs() {
      return (await pool.query<CfsRow>(`${CFS_SPECS} ORDER BY c.id`)).rows.map(toCfsSpec);
    },
  };
}

/**
 * Loads the sample operator's catalog into an empty PostgreSQL store; false when it already has
 * one. The data is the SQLite store's seed (src/adapters/sqlite/seed.ts), read through its own
 * catalog port from a throwaway in-memory copy, so the two stores cannot drift apart. Workers
 * starting together take one lock: the catalog is loaded once.
 */
export async function seedPostgresCatalog(pool: Pool): Promise<boolean> {
  const sample = openDatabase({ filename: ':memory:' });
  try {
    seedSampleOperator(sample);
    const source = createSqliteCatalog(sample);
    const [offerings, cfsSpecs] = [await source.listOfferings(), await source.listCfsSpecs()];
    const resourceSpecs = sample
      .prepare('SELECT id, name, resource_type FROM resource_specs ORDER BY id')
      .all() as Array<{
      id: string;
      name: string;
      resource_type: string;
    }>;
    return await inTransaction(pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['etom-seed-catalog']);
      const { rows } = await tx.query<{ n: string }>('SELECT count(*) AS n FROM product_offerings');
      if (Number(rows[0]!.n) > 0) return false;
      for (const s of resourceSpecs)
        await tx.query(
          'INSERT INTO resource_specs (id, name, resource_type) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
          [s.id, s.name, s.resource_type],
        );
      for (const c of cfsSpecs) {
        await tx.query(
          'INSERT INTO cfs_specs (id, name, service_type, needs_onsite_work, technician_skill, parameters) VALUES ($1, $2, $3, $4, $5, $6)',
          [c.id, c.name, c.serviceType, c.needsOnsiteWork, c.technicianSkill, JSON.stringify(c.parameters)],
        );
        for (const r of c.resources)
          await tx.query(
            'INSERT INTO cfs_resource_specs (cfs_spec_id, resource_spec_id, quantity, role) VALUES ($1, $2, $3, $4)',
            [c.id, r.resourceSpecId, r.quantity, r.role],
          );
      }
      for (const o of offerings) {
        await tx.query(
          `INSERT INTO product_offerings (id, name, description, recurring_minor, one_time_minor, lead_time_days, segment, recurring_tiers)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            o.id,
            o.name,
            o.description,
            o.recurringMinor,
            o.oneTimeMinor,
            o.leadTimeDays,
            o.segment,
            JSON.stringify(o.recurringTiers),
          ],
        );
        for (const cfs of o.cfsSpecIds)
          await tx.query('INSERT INTO offering_services (offering_id, cfs_spec_id) VALUES ($1, $2)', [o.id, cfs]);
      }
      return true;
    });
  } finally {
    sample.close();
  }
}
