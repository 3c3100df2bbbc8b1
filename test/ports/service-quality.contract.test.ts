import { createPostgresServiceQuality } from '../../src/adapters/postgres/service-quality';
import { NOW, serviceQualityContract } from './service-quality.contract';
import { onBothStores } from './table-rows';

onBothStores(serviceQualityContract, {
  database: 'service_quality',
  now: NOW,
  sqlite: (store) => store.ports.serviceQuality,
  postgres: createPostgresServiceQuality,
});
