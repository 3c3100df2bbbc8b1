import { createPostgresResourcePerformance } from '../../src/adapters/postgres/resource-performance';
import { baseline } from '../../src/simulators/performance';
import { NOW, resourcePerformanceContract } from './resource-performance.contract';
import { onBothStores } from './table-rows';

onBothStores(resourcePerformanceContract, {
  database: 'resource_performance',
  now: NOW,
  // The embedded store reads its own simulator: a healthy network, nothing injected.
  sqlite: (store) => store.ports.resourcePerformance,
  // PostgreSQL is given its PM system: here the same healthy readings, by the element's kind in the store.
  postgres: (pool, clock) =>
    createPostgresResourcePerformance(pool, clock, async (resourceId, at) => {
      const { rows } = await pool.query<{ resource_type: string }>(
        'SELECT resource_type FROM resources WHERE id = $1',
        [resourceId],
      );
      return baseline(resourceId, rows[0]?.resource_type ?? 'unknown', at);
    }),
});
