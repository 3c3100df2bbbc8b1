import { describe, expect, it } from 'vitest';
import { createPostgresServiceQuality } from '../../src/adapters/postgres/service-quality';
import { postgresDatabases } from './harness';
import { NOW, serviceQualityContract } from './service-quality.contract';
import { onBothStores } from './table-rows';

onBothStores(serviceQualityContract, {
  database: 'service_quality',
  now: NOW,
  sqlite: (store) => store.ports.serviceQuality,
  postgres: createPostgresServiceQuality,
});

const database = postgresDatabases('service_quality_gaps');

describe('service quality: the customer QoS read not on PostgreSQL yet', () => {
  it('fails as a plain error naming what it reads, never with an answer from an absent table', async () => {
    const pool = await database();
    try {
      const err = await createPostgresServiceQuality(pool, () => new Date(NOW))
        .customerAlerts('2026-11-01T00:00:00.000Z', NOW)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toHaveProperty('type');
      expect((err as Error).message).toMatch(/is not on PostgreSQL yet: it reads customer QoS degradations/);
    } finally {
      await pool.end();
    }
  });
});
