import { createPostgresServiceOutages } from '../../src/adapters/postgres/service-outages';
import { NOW, serviceOutagesContract } from './service-outages.contract';
import { onBothStores } from './table-rows';

onBothStores(serviceOutagesContract, {
  database: 'service_outages',
  now: NOW,
  sqlite: (store) => store.ports.serviceOutages,
  postgres: (pool) => createPostgresServiceOutages(pool),
});
