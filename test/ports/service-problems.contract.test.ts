import { describe, expect, it } from 'vitest';
import { createPostgresServiceProblems } from '../../src/adapters/postgres/service-problems';
import { postgresDatabases } from './harness';
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

const database = postgresDatabases('service_problems_gaps');

describe('service problems: the service inventory reads not on PostgreSQL yet', () => {
  it('fail as a plain error naming what they read, never with an answer from absent tables', async () => {
    const pool = await database();
    try {
      const problems = createPostgresServiceProblems(pool, () => new Date(NOW));
      for (const call of [() => problems.elementsOf('SVC-1'), () => problems.servicesOn(['CARD-1'])]) {
        const err = await call().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(err).not.toHaveProperty('type');
        expect((err as Error).message).toMatch(/is not on PostgreSQL yet: it reads services/);
      }
    } finally {
      await pool.end();
    }
  });
});
