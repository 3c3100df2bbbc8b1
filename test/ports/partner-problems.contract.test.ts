import { createPostgresPartnerProblems } from '../../src/adapters/postgres/partner-problems';
import { NOW, partnerProblemsContract } from './partner-problems.contract';
import { onBothStores } from './table-rows';

onBothStores(partnerProblemsContract, {
  database: 'partner_problems',
  now: NOW,
  sqlite: (store) => store.ports.partnerProblems,
  postgres: createPostgresPartnerProblems,
});
