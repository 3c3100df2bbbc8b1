import { createPostgresSlaCredits } from '../../src/adapters/postgres/sla-credits';
import { NOW, slaCreditsContract } from './sla-credits.contract';
import { onBothStores } from './table-rows';

onBothStores(slaCreditsContract, {
  database: 'sla_credits',
  now: NOW,
  sqlite: (store) => store.ports.slaCredits,
  postgres: createPostgresSlaCredits,
});
