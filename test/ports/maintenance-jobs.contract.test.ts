import { createPostgresMaintenanceJobs } from '../../src/adapters/postgres/maintenance-jobs';
import { maintenanceJobsContract, NOW } from './maintenance-jobs.contract';
import { onBothStores } from './table-rows';

onBothStores(maintenanceJobsContract, {
  database: 'maintenance_jobs',
  now: NOW,
  sqlite: (store) => store.ports.maintenanceJobs,
  postgres: createPostgresMaintenanceJobs,
});
