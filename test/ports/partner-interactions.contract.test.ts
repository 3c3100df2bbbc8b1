import { createPostgresPartnerInteractions } from '../../src/adapters/postgres/partner-interactions';
import { NOW, partnerInteractionsContract } from './partner-interactions.contract';
import { simulatedSupplier } from './simulated-supplier';
import { onBothStores } from './table-rows';

onBothStores(partnerInteractionsContract, {
  database: 'partner_interactions',
  now: NOW,
  sqlite: (store) => store.ports.partnerInteractions,
  postgres: createPostgresPartnerInteractions,
  extras: simulatedSupplier,
});
