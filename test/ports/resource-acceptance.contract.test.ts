import { createPostgresResourceAcceptance } from '../../src/adapters/postgres/resource-acceptance';
import { type AcceptanceReads, NOW, resourceAcceptanceContract } from './resource-acceptance.contract';
import { onBothStores } from './table-rows';

const stateOf = (table: string) => `SELECT state FROM ${table} WHERE id = `;

onBothStores(resourceAcceptanceContract, {
  database: 'resource_acceptance',
  now: NOW,
  sqlite: (store) => store.ports.resourceAcceptance,
  postgres: createPostgresResourceAcceptance,
  extras: {
    sqlite: (db): AcceptanceReads => ({
      resourceState: async (id) =>
        db
          .prepare(`${stateOf('resources')}?`)
          .pluck()
          .get(id) as string,
      shortfallState: async (id) =>
        db
          .prepare(`${stateOf('capacity_shortfalls')}?`)
          .pluck()
          .get(id) as string,
    }),
    postgres: (pool): AcceptanceReads => ({
      resourceState: async (id) =>
        (await pool.query<{ state: string }>(`${stateOf('resources')}$1`, [id])).rows[0]!.state,
      shortfallState: async (id) =>
        (await pool.query<{ state: string }>(`${stateOf('capacity_shortfalls')}$1`, [id])).rows[0]!.state,
    }),
  },
});
