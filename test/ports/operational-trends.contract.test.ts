import { describe, expect, it } from 'vitest';
import { createPostgresOperationalTrends } from '../../src/adapters/postgres/operational-trends';
import type { TrendName } from '../../src/ports/operational-trends';
import { postgresDatabases } from './harness';
import { NOW, operationalTrendsContract } from './operational-trends.contract';
import { onBothStores } from './table-rows';

onBothStores(operationalTrendsContract, {
  database: 'operational_trends',
  now: NOW,
  sqlite: (store) => store.ports.operationalTrends,
  postgres: (pool, clock) => createPostgresOperationalTrends(pool, clock),
});

const database = postgresDatabases('operational_trends_gaps');

describe('operational trends not on PostgreSQL yet', () => {
  it('fail as a plain error naming what they read, never with figures from absent tables', async () => {
    const pool = await database();
    try {
      const trends = createPostgresOperationalTrends(pool);
      const missing: TrendName[] = ['settlements', 'partnerContacts'];
      for (const name of missing) {
        const err = await trends.trend(name, NOW).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).message).toMatch(new RegExp(`^trend ${name} is not on PostgreSQL yet: it reads `));
      }
    } finally {
      await pool.end();
    }
  });
});
