import { createPostgresSales } from '../../src/adapters/postgres/sales';
import { NOW, salesContract } from './sales.contract';
import { onBothStores } from './table-rows';

onBothStores(salesContract, {
  database: 'sales',
  now: NOW,
  sqlite: (store) => store.ports.sales,
  postgres: createPostgresSales,
});
