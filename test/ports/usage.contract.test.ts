import { createPostgresUsage } from '../../src/adapters/postgres/usage';
import { injectUsageAnomalies } from '../../src/simulators/usage';
import { NOW, usageContract } from './usage.contract';
import { onBothStores } from './table-rows';

onBothStores(usageContract, {
  database: 'usage',
  now: NOW,
  sqlite: (store) => store.ports.usage,
  postgres: createPostgresUsage,
  extras: {
    sqlite: (db) => ({
      async injectAnomalies(a) {
        injectUsageAnomalies(db, a);
      },
    }),
    postgres: (pool) => ({
      async injectAnomalies(a) {
        await pool.query(
          'UPDATE usage_simulation SET duplicates = duplicates + $1, malformed = malformed + $2, lost = lost + $3 WHERE id = 1',
          [a.duplicates ?? 0, a.malformed ?? 0, a.lost ?? 0],
        );
      },
    }),
  },
});
