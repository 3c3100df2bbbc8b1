import { createPostgresOperationalTrends } from '../../src/adapters/postgres/operational-trends';
import { NOW, operationalTrendsContract } from './operational-trends.contract';
import { onBothStores } from './table-rows';

onBothStores(operationalTrendsContract, {
  database: 'operational_trends',
  now: NOW,
  sqlite: (store) => store.ports.operationalTrends,
  postgres: (pool, clock) => createPostgresOperationalTrends(pool, clock),
});
