import { createPostgresWorkforce } from '../../src/adapters/postgres/workforce';
import { onBothStores } from './table-rows';
import { NOW, workforceContract } from './workforce.contract';

onBothStores(workforceContract, {
  database: 'workforce',
  now: NOW,
  sqlite: (store) => store.ports.workforce,
  postgres: createPostgresWorkforce,
});
