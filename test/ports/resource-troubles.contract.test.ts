import { describe, expect, it } from 'vitest';
import { createPostgresResourceTroubles } from '../../src/adapters/postgres/resource-troubles';
import { postgresDatabases } from './harness';
import { NOW, resourceTroublesContract, type TroubleReads } from './resource-troubles.contract';
import { onBothStores } from './table-rows';

const SQL = 'SELECT state, attributes FROM resources WHERE id = ';

onBothStores(resourceTroublesContract, {
  database: 'resource_troubles',
  now: NOW,
  sqlite: (store) => store.ports.resourceTroubles,
  postgres: createPostgresResourceTroubles,
  extras: {
    sqlite: (db): TroubleReads => ({
      async resourceOf(id) {
        const r = db.prepare(`${SQL}?`).get(id) as { state: string; attributes: string };
        return { state: r.state, replacement: (JSON.parse(r.attributes) as { replacement?: unknown }).replacement };
      },
    }),
    postgres: (pool): TroubleReads => ({
      async resourceOf(id) {
        const r = (await pool.query<{ state: string; attributes: { replacement?: unknown } }>(`${SQL}$1`, [id]))
          .rows[0]!;
        return { state: r.state, replacement: r.attributes.replacement };
      },
    }),
  },
});

const database = postgresDatabases('resource_troubles_gaps');

describe('resource troubles: the service inventory read not on PostgreSQL yet', () => {
  it('fails as a plain error naming what it reads, never with an answer from absent tables', async () => {
    const pool = await database();
    try {
      const err = await createPostgresResourceTroubles(pool, () => new Date(NOW))
        .activeServicesOn('CARD-1')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toHaveProperty('type');
      expect((err as Error).message).toMatch(/is not on PostgreSQL yet: it reads services/);
    } finally {
      await pool.end();
    }
  });
});
