import type { Clock } from '../../ports/clock';
import type { ClassSample, ResourceClassPort } from '../../ports/resource-classes';
import { type Db, json, once } from './database';
import { type Row, rowsOf } from './readiness-sql';

export function createSqliteResourceClasses(db: Db, clock: Clock): ResourceClassPort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);
  const sampleRow = (r: Row): ClassSample & { runId: string; at: string } => ({
    runId: String(r['run_id']),
    at: String(r['at']),
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

  return {
    async classCounts() {
      return all(
        `SELECT spec_id, resource_type, region, COUNT(*) AS total, SUM(state = 'available') AS available,
                SUM(state = 'reserved') AS reserved, SUM(state = 'inService') AS in_service, SUM(state = 'outOfService') AS oos,
                EXISTS (SELECT 1 FROM supplier_contracts k WHERE k.resource_spec_id = r.spec_id AND k.region = r.region) AS supplied
         FROM resources r WHERE state <> 'retired' GROUP BY spec_id, region ORDER BY spec_id, region`,
      ).map((r) => ({
        resourceSpecId: String(r['spec_id']),
        resourceType: String(r['resource_type']),
        region: String(r['region']),
        total: Number(r['total']),
        available: Number(r['available']),
        reserved: Number(r['reserved']),
        inService: Number(r['in_service']),
        outOfService: Number(r['oos']),
        suppliedBy: Number(r['supplied']) ? 'supplier' : 'own',
      }));
    },
    async serviceClassNeeds() {
      return all(
        `SELECT n.cfs_spec_id, n.resource_spec_id, n.quantity, n.role,
                (SELECT json_group_array(DISTINCT k.region) FROM supplier_contracts k WHERE k.resource_spec_id = n.resource_spec_id) AS supplied
         FROM cfs_resource_specs n ORDER BY n.cfs_spec_id, n.resource_spec_id`,
      ).map((r) => ({
        cfsSpecId: String(r['cfs_spec_id']),
        resourceSpecId: String(r['resource_spec_id']),
        quantity: Number(r['quantity']),
        role: String(r['role']),
        suppliedIn: json.parse<string[]>(String(r['supplied'])),
      }));
    },
    async configuredElements() {
      return all(
        `SELECT r.id, r.spec_id, r.region FROM network_configuration nc JOIN resources r ON r.id = nc.resource_id
         WHERE r.state = 'inService' ORDER BY r.id`,
      ).map((r) => ({
        resourceId: String(r['id']),
        resourceSpecId: String(r['spec_id']),
        region: String(r['region']),
      }));
    },
    async recordSamples(key, runId, samples) {
      once(db, key, 'recordClassSamples', () => {
        const ins = db.prepare(
          `INSERT OR IGNORE INTO resource_class_samples (run_id, resource_spec_id, region, total, in_service, available,
             out_of_service, tests, failed_tests, mean_latency_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const s of samples)
          ins.run(
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
            now(),
          );
        return samples.length;
      });
    },
    async samples(since) {
      return all('SELECT * FROM resource_class_samples WHERE at >= ? ORDER BY seq', since).map(sampleRow);
    },
    async outagesByResource(since) {
      return all(
        `SELECT resource_id, COUNT(*) AS outages FROM resource_state_history
         WHERE to_state = 'outOfService' AND from_state IN ('inService', 'available') AND at >= ?
         GROUP BY resource_id ORDER BY outages DESC, resource_id`,
        since,
      ).map((r) => ({ resourceId: String(r['resource_id']), outages: Number(r['outages']) }));
    },
  };
}
