import { createPostgresBilling } from '../../src/adapters/postgres/billing';
import { billingContract, NOW } from './billing.contract';
import { onBothStores } from './table-rows';

onBothStores(billingContract, {
  database: 'billing',
  now: NOW,
  sqlite: (store) => store.ports.billing,
  postgres: createPostgresBilling,
  extras: {
    sqlite: (db) => ({
      async billedRecords(billId: string) {
        return db.prepare('SELECT count(*) FROM usage_records WHERE bill_id = ?').pluck().get(billId) as number;
      },
    }),
    postgres: (pool) => ({
      async billedRecords(billId: string) {
        const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM usage_records WHERE bill_id = $1', [
          billId,
        ]);
        return Number(rows[0]!.n);
      },
    }),
  },
});
