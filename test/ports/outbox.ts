import type { Pool } from '../../src/adapters/postgres/database';
import type { Db } from '../../src/adapters/sqlite/database';
import type { EventEnvelope } from '../../src/ports/event-subscriptions';

/** A contract's read of the events stored with its port's changes, beside the port. */
export interface OutboxReads {
  /** Every event stored for `api`, oldest first. */
  events(api: string): Promise<EventEnvelope[]>;
}

const SQL = 'SELECT envelope FROM event_outbox WHERE api = ';

/** `onBothStores` extras: the outbox of each store (SQLite keeps the envelope as text, PostgreSQL as jsonb). */
export const outboxExtras = {
  sqlite: (db: Db): OutboxReads => ({
    async events(api) {
      const rows = db.prepare(`${SQL}? ORDER BY seq`).pluck().all(api) as string[];
      return rows.map((r) => JSON.parse(r) as EventEnvelope);
    },
  }),
  postgres: (pool: Pool): OutboxReads => ({
    async events(api) {
      const { rows } = await pool.query<{ envelope: EventEnvelope }>(`${SQL}$1 ORDER BY seq`, [api]);
      return rows.map((r) => r.envelope);
    },
  }),
};
