import { createPostgresCustomerManagement } from '../../src/adapters/postgres/customer-management';
import { customerManagementContract, NOW } from './customer-management.contract';
import { onBothStores } from './table-rows';

onBothStores(customerManagementContract, {
  database: 'customer_management',
  now: NOW,
  sqlite: (store) => store.ports.customerManagement,
  postgres: (pool) => createPostgresCustomerManagement(pool),
});
