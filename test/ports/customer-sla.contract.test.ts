import { createPostgresCustomerSla } from '../../src/adapters/postgres/customer-sla';
import { customerSlaContract, NOW } from './customer-sla.contract';
import { onBothStores } from './table-rows';

onBothStores(customerSlaContract, {
  database: 'customer_sla',
  now: NOW,
  sqlite: (store) => store.ports.customerSla,
  postgres: createPostgresCustomerSla,
});
