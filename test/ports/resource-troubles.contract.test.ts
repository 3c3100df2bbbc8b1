import { createPostgresResourceTroubles } from '../../src/adapters/postgres/resource-troubles';
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
