import { createPostgresReadinessReports } from '../../src/adapters/postgres/readiness-reports';
import { NOW, readinessReportsContract } from './readiness-reports.contract';
import { onBothStores } from './table-rows';

onBothStores(readinessReportsContract, {
  database: 'readiness_reports',
  now: NOW,
  sqlite: (store) => store.ports.readinessReports,
  postgres: createPostgresReadinessReports,
});
