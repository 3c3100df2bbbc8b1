import { createPostgresCustomerRelationships } from '../../src/adapters/postgres/customer-relationships';
import { customerRelationshipsContract, NOW } from './customer-relationships.contract';
import { onBothStores } from './table-rows';

onBothStores(customerRelationshipsContract, {
  database: 'customer_relationships',
  now: NOW,
  sqlite: (store) => store.ports.customerRelationships,
  postgres: createPostgresCustomerRelationships,
});
