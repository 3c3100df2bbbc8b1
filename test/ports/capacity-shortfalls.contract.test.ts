import { createPostgresCapacityShortfalls } from '../../src/adapters/postgres/capacity-shortfalls';
import { capacityShortfallsContract, type InstalledReads, NOW } from './capacity-shortfalls.contract';
import { onBothStores } from './table-rows';

const SQL = 'SELECT parent_id, site, state, attributes FROM resources WHERE id = ';
type Installed = { parent_id: string | null; site: string | null; state: string };

onBothStores(capacityShortfallsContract, {
  database: 'capacity_shortfalls',
  now: NOW,
  sqlite: (store) => store.ports.capacityShortfalls,
  postgres: createPostgresCapacityShortfalls,
  extras: {
    sqlite: (db): InstalledReads => ({
      async installed(id) {
        const r = db.prepare(`${SQL}?`).get(id) as Installed & { attributes: string };
        return { parent: r.parent_id, site: r.site, state: r.state, attributes: JSON.parse(r.attributes) as unknown };
      },
    }),
    postgres: (pool): InstalledReads => ({
      async installed(id) {
        const r = (await pool.query<Installed & { attributes: unknown }>(`${SQL}$1`, [id])).rows[0]!;
        return { parent: r.parent_id, site: r.site, state: r.state, attributes: r.attributes };
      },
    }),
  },
});
