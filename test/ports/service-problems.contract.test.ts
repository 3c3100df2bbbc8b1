import { createPostgresServiceProblems } from '../../src/adapters/postgres/service-problems';
import { outboxExtras } from './outbox';
import { NOW, serviceProblemsContract } from './service-problems.contract';
import { onBothStores } from './table-rows';

onBothStores(serviceProblemsContract, {
  database: 'service_problems',
  now: NOW,
  sqlite: (store) => store.ports.serviceProblems,
  postgres: createPostgresServiceProblems,
  extras: outboxExtras,
});
