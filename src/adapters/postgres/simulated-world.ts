import type { Clock } from '../../ports/clock';
import type { NetworkActivationPort } from '../../ports/network-activation';
import { discoverNetwork, type DiscoveredElement } from '../../simulators/discovery';
import { createNetworkSimulator } from '../../simulators/network';
import { createPerformanceSimulator, type KpiSample } from '../../simulators/performance';
import { type Db, openDatabase } from '../sqlite/database';
import { seedInstalledBase } from '../sqlite/installed-base';
import { seedSampleOperator } from '../sqlite/seed';
import type { Pool } from './database';

/**
 * The simulated outside world beside a PostgreSQL enterprise store: the network elements, the
 * suppliers, the usage counters' faults. It is not enterprise data, so it keeps its state where
 * the simulators already know how to (SQLite, synchronous), in a file of its own in the data dir.
 *
 * What the simulators read of the enterprise (a resource's type, its parent and children, the
 * suppliers and their contracts) is a seeded copy: the same sample operator as the enterprise
 * store, loaded into the file when it is new. The resources are renewed from PostgreSQL (new ones
 * added, a state changed) for those a network call names, and all of them before a discovery or
 * a supplier's bill, which read the inventory as a whole. What the network reports back (`network_configuration`:
 * which element carries which service, up or down) is enterprise-visible, as in the one-file
 * SQLite store: each change the simulator makes is written through to PostgreSQL's table, which
 * resource troubles, resource classes and reconciliation read.
 */
export interface SimulatedWorld {
  db: Db;
  /** Renews the simulators' copy of every resource (before a supplier bills what it supplied). */
  refreshResources(): Promise<void>;
  networkActivation: NetworkActivationPort;
  discover(): Promise<DiscoveredElement[]>;
  collectPerformance(resourceId: string, at: Date): Promise<KpiSample>;
  close(): void;
}

export function openSimulatedWorld(
  pool: Pool,
  filename: string,
  clock: Clock,
  opts: { installedBase: boolean },
): SimulatedWorld {
  const db = openDatabase({ filename });
  if (seedSampleOperator(db) && opts.installedBase) seedInstalledBase(db);
  const network = createNetworkSimulator(db, clock);
  const performance = createPerformanceSimulator(db);
  const resourceColumns = new Set(
    db.prepare(`SELECT name FROM pragma_table_info('resources')`).pluck().all() as string[],
  );

  /**
   * Brings the simulators' copy of these resources (and their containers), or of every resource,
   * up to date with the enterprise store: new ones added, known ones' state and attributes renewed.
   */
  const copyIn = async (ids?: string[]) => {
    const { rows } = await pool.query<Record<string, unknown>>(
      ids
        ? `WITH RECURSIVE up AS (SELECT * FROM resources WHERE id = ANY($1)
             UNION SELECT r.* FROM resources r JOIN up ON r.id = up.parent_id) SELECT * FROM up`
        : 'SELECT * FROM resources',
      ids ? [ids] : [],
    );
    if (!rows.length) return;
    const cols = Object.keys(rows[0]!).filter((c) => resourceColumns.has(c));
    const upsert = db.prepare(
      `INSERT INTO resources (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${cols
         .filter((c) => c !== 'id')
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    );
    // Containers and mates name each other: one transaction, its keys checked at its end.
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      for (const r of rows) upsert.run(Object.fromEntries(cols.map((c) => [c, toSqlite(r[c])])));
    })();
  };

  /** Writes the network's report on these elements through to the enterprise store. */
  const copyOut = async (ids: string[]) => {
    const read = db.prepare('SELECT * FROM network_configuration WHERE resource_id = ?');
    for (const id of ids) {
      const r = read.get(id) as
        | { resource_id: string; service_id: string; config: string; admin_state: string; updated_at: string }
        | undefined;
      if (!r) await pool.query('DELETE FROM network_configuration WHERE resource_id = $1', [id]);
      else
        await pool.query(
          `INSERT INTO network_configuration (resource_id, service_id, config, admin_state, updated_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (resource_id) DO UPDATE SET service_id = excluded.service_id,
             config = excluded.config, admin_state = excluded.admin_state, updated_at = excluded.updated_at`,
          [r.resource_id, r.service_id, r.config, r.admin_state, r.updated_at],
        );
    }
  };

  const networkActivation: NetworkActivationPort = {
    ...network,
    async configure(key, resourceId, serviceId, config) {
      await copyIn([resourceId]);
      try {
        return await network.configure(key, resourceId, serviceId, config);
      } finally {
        await copyOut([resourceId]);
      }
    },
    async setAdminState(key, resourceId, state) {
      await copyIn([resourceId]);
      try {
        return await network.setAdminState(key, resourceId, state);
      } finally {
        await copyOut([resourceId]);
      }
    },
    async unconfigure(key, resourceId) {
      await copyIn([resourceId]);
      try {
        return await network.unconfigure(key, resourceId);
      } finally {
        await copyOut([resourceId]);
      }
    },
    async repair(key, resourceId, note) {
      await copyIn([resourceId]);
      try {
        return await network.repair(key, resourceId, note);
      } finally {
        await copyOut([resourceId]);
      }
    },
    async testResource(resourceId) {
      await copyIn([resourceId]);
      return network.testResource(resourceId);
    },
    async diagnose(resourceId) {
      await copyIn([resourceId]);
      return network.diagnose(resourceId);
    },
    async protectionSwitch(key, workingId, protectingId) {
      await copyIn([workingId, protectingId]);
      const carried = await network.protectionSwitch(key, workingId, protectingId);
      await copyOut(carried);
      return carried;
    },
  };

  return {
    db,
    refreshResources: () => copyIn(),
    networkActivation,
    async discover() {
      await copyIn();
      return discoverNetwork(db);
    },
    async collectPerformance(resourceId, at) {
      await copyIn([resourceId]);
      return performance.read(resourceId, at);
    },
    close: () => db.close(),
  };
}

/** PostgreSQL's values as the SQLite store keeps them: JSON as text, instants as ISO text, booleans as 0/1. */
function toSqlite(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}
