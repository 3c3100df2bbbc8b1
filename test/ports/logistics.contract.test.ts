import { createPostgresLogistics } from '../../src/adapters/postgres/logistics';
import { type LogisticsReads, logisticsContract, NOW } from './logistics.contract';
import { onBothStores } from './table-rows';

type Resource = Awaited<ReturnType<LogisticsReads['resource']>>;
type Acceptance = Awaited<ReturnType<LogisticsReads['acceptance']>>;

onBothStores(logisticsContract, {
  database: 'logistics',
  now: NOW,
  sqlite(store) {
    // The store's migrations add the sample operator's warehouse policies: the contract brings its own.
    store.db.prepare('DELETE FROM warehouse_policies').run();
    return store.ports.logistics;
  },
  postgres: createPostgresLogistics,
  extras: {
    sqlite: (db): LogisticsReads => ({
      async resource(id) {
        const r = db.prepare('SELECT site, state, attributes FROM resources WHERE id = ?').get(id) as
          { site: string | null; state: string; attributes: string } | undefined;
        return r && ({ ...r, attributes: JSON.parse(r.attributes) } as Resource);
      },
      async acceptance(id) {
        return db
          .prepare('SELECT reason, source, state FROM resource_acceptance WHERE resource_id = ?')
          .get(id) as Acceptance;
      },
    }),
    postgres: (pool): LogisticsReads => ({
      async resource(id) {
        return (
          await pool.query<NonNullable<Resource>>('SELECT site, state, attributes FROM resources WHERE id = $1', [id])
        ).rows[0];
      },
      async acceptance(id) {
        return (
          await pool.query<NonNullable<Acceptance>>(
            'SELECT reason, source, state FROM resource_acceptance WHERE resource_id = $1',
            [id],
          )
        ).rows[0];
      },
    }),
  },
});
