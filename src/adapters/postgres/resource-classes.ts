import type { Clock } from '../../ports/clock';
import type { ClassSample, ResourceClassPort } from '../../ports/resource-classes';
import { once, type Pool } from './database';

/**
 * Resource classes per region on PostgreSQL, as the SQLite adapter
 * (src/adapters/sqlite/resource-classes.ts): counts and needs read from the inventory and the
 * catalog, and samples kept one per class, region and run, whichever worker records it first.
 */

type Row = Record<string, unknown>;

const sampleRow = (r: Row): ClassSample & { runId: string; at: string } => ({
  runId: String(r['run_id']),
  at: (r['at'] as Date).toISOString(),
  resourceSpecId: String(r['resource_spec_id']),
  region: String(r['region']),
  total: Number(r['total']),
  inService: Number(r['in_service']),
  available: Number(r['available']),
  outOfService: Number(r['out_of_service']),
  tests: Number(r['tests']),
  failedTests: Number(r['failed_tests']),
  meanLatencyMs: r['mean_latency_ms'] === null ? null : Number(r['mean_latency_ms']),
});

export function createPostgresResourceClasses(pool: Pool, clock: Clock): ResourceClassPort {
  const all = async (sql: string, ...params: unknown[]) => (await pool.query<Row>(sql, params)).rows;

  return {
    async classCounts() {
      // A class is one spec in one region; its type is the spec's.
      const rows = await all(
        `SELECT spec_id, min(resource_type) AS resource_type, region, count(*) AS total,
                count(*) FILTER (WHERE state = 'available') AS available,
                count(*) FILTER (WHERE state = 'reserved') AS reserved,
                count(*) FILTER (WHERE state = 'inService') AS in_service,
                count(*) FILTER (WHERE state = 'outOfService') AS oos,
                EXISTS (SELECT 1 FROM supplier_contracts k WHERE k.resource_spec_id = r.spec_id AND k.region = r.region) AS supplied
         FROM resources r WHERE state <> 'retired' GROUP BY spec_id, region ORDER BY spec_id, region`,
      );
      return rows.map((r) => ({
        resourceSpecId: String(r['spec_id']),
        resourceType: String(r['resource_type']),
        region: String(r['region']),
        total: Number(r['total']),
        available: Number(r['available']),
        reserved: Number(r['reserved']),
        inService: Number(r['in_service']),
        outOfService: Number(r['oos']),
        suppliedBy: r['supplied'] ? 'supplier' : 'own',
      }));
    },
    async serviceClassNeeds() {
      const rows = await all(
        `SELECT n.cfs_spec_id, n.resource_spec_id, n.quantity, n.role,
                COALESCE((SELECT json_agg(DISTINCT k.region) FROM supplier_contracts k
                          WHERE k.resource_spec_id = n.resource_spec_id), '[]') AS supplied
         FROM cfs_resource_specs n ORDER BY n.cfs_spec_id, n.resource_spec_id`,
      );
      return rows.map((r) => ({
        cfsSpecId: String(r['cfs_spec_id']),
        resourceSpecId: String(r['resource_spec_id']),
        quantity: Number(r['quantity']),
        role: String(r['role']),
        suppliedIn: r['supplied'] as string[],
      }));
    },
    async configuredElements() {
      const rows = await all(
        `SELECT r.id, r.spec_id, r.region FROM network_configuration nc JOIN resources r ON r.id = nc.resource_id
         WHERE r.state = 'inService' ORDER BY r.id`,
      );
      return rows.map((r) => ({
        resourceId: String(r['id']),
        resourceSpecId: String(r['spec_id']),
        region: String(r['region']),
      }));
    },
    async recordSamples(key, runId, samples) {
      await once(pool, key, 'recordClassSamples', async (tx) => {
        const at = clock().toISOString();
        for (const s of samples)
          await tx.query(
            `INSERT INTO resource_class_samples (run_id, resource_spec_id, region, total, in_service, available,
               out_of_service, tests, failed_tests, mean_latency_ms, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (run_id, resource_spec_id, region) DO NOTHING`,
            [
              runId,
              s.resourceSpecId,
              s.region,
              s.total,
              s.inService,
              s.available,
              s.outOfService,
              s.tests,
              s.failedTests,
              s.meanLatencyMs,
              at,
            ],
          );
        return samples.length;
      });
    },
    async samples(since) {
      return (await all('SELECT * FROM resource_class_samples WHERE at >= $1 ORDER BY seq', since)).map(sampleRow);
    },
    async outagesByResource(since) {
      const rows = await all(
        `SELECT resource_id, count(*) AS outages FROM resource_state_history
         WHERE to_state = 'outOfService' AND from_state IN ('inService', 'available') AND at >= $1
         GROUP BY resource_id ORDER BY outages DESC, resource_id`,
        since,
      );
      return rows.map((r) => ({ resourceId: String(r['resource_id']), outages: Number(r['outages']) }));
    },
  };
}
