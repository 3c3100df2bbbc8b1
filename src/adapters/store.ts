import path from 'node:path';
import type { Ports } from '../ports';
import type { Clock } from '../ports/clock';
import type { SuppliersConfig } from '../config/suppliers';
import { injectUsageAnomalies } from '../simulators/usage';
import { createPostgresStore } from './postgres';
import { createPostgresPartnerProblems } from './postgres/partner-problems';
import { createSqliteStore } from './sqlite';
import { createSqlitePartnerProblems } from './sqlite/partner-problems';
import type { Db } from './sqlite/database';

/**
 * The enterprise store a process works on, whichever database holds it: what the embedded
 * runtime, the worker and API processes and the cluster topology open.
 */
export interface EnterpriseStore {
  /**
   * The simulated outside world's state (network elements, suppliers): in SQLite mode the one
   * store file, which holds the enterprise's tables too; in PostgreSQL mode a SQLite file of the
   * simulators' own. Enterprise data is read through `ports`, never here.
   */
  db: Db;
  ports: Ports;
  /** A realistic usage feed (#13): records the network will send twice, garble or lose in its next collection. */
  injectUsageAnomalies(a: { duplicates?: number; malformed?: number; lost?: number }): Promise<void>;
  /** Ports that stamp their records with another clock: the demos' history, recorded as of then. */
  withClock(clock: Clock): Pick<Ports, 'partnerProblems'>;
  close(): Promise<void>;
}

export interface StoreConfig {
  dataDir: string;
  /** ETOM_STORE_URL: PostgreSQL when set, else SQLite's `etom.db` in the data dir. */
  storeUrl?: string;
  suppliers?: SuppliersConfig;
}

export interface OpenStoreOptions {
  clock?: Clock;
  seed?: boolean;
  installedBase?: boolean;
  supplierSpeed?: number;
}

/** Opens the configured enterprise store, migrated and (by default) seeded with the sample operator. */
export async function openStore(cfg: StoreConfig, opts: OpenStoreOptions = {}): Promise<EnterpriseStore> {
  const common = { ...opts, suppliers: cfg.suppliers ?? {} };
  if (cfg.storeUrl) {
    const store = await createPostgresStore({ url: cfg.storeUrl, dataDir: cfg.dataDir, ...common });
    return {
      db: store.db,
      ports: store.ports,
      // The usage feed's simulation lives beside the records it produces, in the PostgreSQL store
      // (src/adapters/postgres/usage-collection.ts produces them in the collection's transaction).
      async injectUsageAnomalies(a) {
        await store.pool.query(
          'UPDATE usage_simulation SET duplicates = duplicates + $1, malformed = malformed + $2, lost = lost + $3 WHERE id = 1',
          [a.duplicates ?? 0, a.malformed ?? 0, a.lost ?? 0],
        );
      },
      withClock: (clock) => ({ partnerProblems: createPostgresPartnerProblems(store.pool, clock) }),
      close: () => store.close(),
    };
  }
  const store = createSqliteStore({ filename: storeFile(cfg), ...common });
  return {
    db: store.db,
    ports: store.ports,
    injectUsageAnomalies: async (a) => injectUsageAnomalies(store.db, a),
    withClock: (clock) => ({ partnerProblems: createSqlitePartnerProblems(store.db, clock) }),
    close: async () => store.close(),
  };
}

/** The SQLite store's file in the data dir. */
export const storeFile = (cfg: { dataDir: string }) => path.join(cfg.dataDir, 'etom.db');
