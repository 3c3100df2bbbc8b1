import { createPostgresResourceOrders } from '../../src/adapters/postgres/resource-orders';
import { outboxExtras } from './outbox';
import { NOW, resourceOrdersContract } from './resource-orders.contract';
import { onBothStores } from './table-rows';

onBothStores(resourceOrdersContract, {
  database: 'resource_orders',
  now: NOW,
  sqlite: (store) => store.ports.resourceOrders,
  postgres: createPostgresResourceOrders,
  extras: outboxExtras,
});
