import { createPostgresPartnerOrders } from '../../src/adapters/postgres/partner-orders';
import { NOW, partnerOrdersContract } from './partner-orders.contract';
import { onBothStores } from './table-rows';

onBothStores(partnerOrdersContract, {
  database: 'partner_orders',
  now: NOW,
  sqlite: (store) => store.ports.partnerOrders,
  postgres: createPostgresPartnerOrders,
});
