import type { CapacityShortfallPort } from '../../ports/capacity-shortfalls';
import type { Clock } from '../../ports/clock';
import { CAPACITY_UNIT } from '../sqlite/capacity-shortfalls';
import { toShortfall } from '../sqlite/readiness-sql';
import { handOverForAcceptance } from './acceptance';
import { nextId, once, type Pool, type Tx } from './database';
import { sqliteShaped } from './rows';

/**
 * Capacity shortfalls (1.O.3.1.5) and the capacity delivered for them, on PostgreSQL: the same
 * contract as the SQLite adapter (test/ports/capacity-shortfalls.contract.ts runs on both), on
 * migration 011's table. One shortfall open per class and region is the database's rule, and a
 * delivery locks its shortfall: workers delivering it at once install the capacity once.
 */

type Db = Pool | Tx;

export function createPostgresCapacityShortfalls(pool: Pool, clock: Clock): CapacityShortfallPort {
  const now = () => clock().toISOString();
  const shortfall = async (db: Db, id: string, lock = false) =>
    toShortfall(
      sqliteShaped(
        (await db.query(`SELECT * FROM capacity_shortfalls WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0]!,
      ),
    );
  const openOf = async (db: Db, specId: string, region: string) =>
    (
      await db.query<{ id: string }>(
        "SELECT id FROM capacity_shortfalls WHERE resource_spec_id = $1 AND region = $2 AND state <> 'resolved'",
        [specId, region],
      )
    ).rows[0]?.id;

  /** Installs new resources like the class's most recent one in the region, out of service, handed over. */
  const install = async (tx: Tx, specId: string, region: string, count: number, source: string) => {
    const spec = (
      await tx.query<{ resource_type: string }>('SELECT resource_type FROM resource_specs WHERE id = $1', [specId])
    ).rows[0];
    if (!spec) throw new Error(`no resource specification ${specId}`);
    const sample = (
      await tx.query<{ site: string | null; parent_id: string | null; attributes: unknown }>(
        'SELECT site, parent_id, attributes FROM resources WHERE spec_id = $1 AND region = $2 ORDER BY id DESC LIMIT 1',
        [specId, region],
      )
    ).rows[0];
    let parent = sample?.parent_id ?? null;
    let site = sample?.site ?? null;
    const ids: string[] = [];
    const at = now();
    const insert = async (id: string, spec: string, type: string, name: string, attributes: unknown) => {
      await tx.query(
        `INSERT INTO resources (id, spec_id, resource_type, name, region, site, parent_id, attributes, state, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'outOfService', $9)`,
        [id, spec, type, name, region, site, parent, JSON.stringify(attributes), at],
      );
      await handOverForAcceptance(tx, at, id, 'new', source);
      ids.push(id);
    };
    if (spec.resource_type === 'port' && specId === 'RS-ACCESS-PORT') {
      // Access ports come on a new line card, in the node of the region with the fewest cards.
      const node = (
        await tx.query<{ id: string; site: string | null }>(
          `SELECT n.id, n.site FROM resources n WHERE n.resource_type = 'node' AND n.region = $1 AND n.state <> 'retired'
           ORDER BY (SELECT count(*) FROM resources c WHERE c.parent_id = n.id AND c.resource_type = 'card'), n.id LIMIT 1`,
          [region],
        )
      ).rows[0];
      if (node) {
        const card = await nextId(tx, `CARD-${region}`);
        [parent, site] = [node.id, node.site];
        await insert(card, 'RS-CARD', 'card', `${node.id} line card ${card}`, {});
        parent = card;
      }
    }
    for (let i = 0; i < count; i++) {
      const id = await nextId(tx, `${specId.replace(/^RS-/, '')}-${region}`);
      await insert(id, specId, spec.resource_type, `${specId} ${id}`, sample?.attributes ?? {});
    }
    return ids;
  };

  return {
    async openShortfall(key, s) {
      const id = await once(pool, key, 'openShortfall', async (tx) => {
        const open = await openOf(tx, s.resourceSpecId, s.region);
        if (open) return open;
        const sid = await nextId(tx, 'CS');
        // Another worker's shortfall for the class and region, committed meanwhile, stands instead.
        const { rowCount } = await tx.query(
          `INSERT INTO capacity_shortfalls (id, resource_spec_id, region, available, total, state, detected_at)
           VALUES ($1, $2, $3, $4, $5, 'short', $6)
           ON CONFLICT (resource_spec_id, region) WHERE state <> 'resolved' DO NOTHING`,
          [sid, s.resourceSpecId, s.region, s.available, s.total, now()],
        );
        if (rowCount) return sid;
        const other = await openOf(tx, s.resourceSpecId, s.region);
        if (!other) throw new Error(`shortfall of ${s.resourceSpecId} in ${s.region} changed while opened; retry`);
        return other;
      });
      return shortfall(pool, id);
    },

    async shortfalls(state) {
      const { rows } = await pool.query(
        'SELECT * FROM capacity_shortfalls WHERE $1::text IS NULL OR state = $1 ORDER BY id',
        [state ?? null],
      );
      return rows.map((r) => toShortfall(sqliteShaped(r)));
    },

    async deliverCapacity(key, shortfallId) {
      await once(pool, key, 'deliverCapacity', async (tx) => {
        const s = await shortfall(tx, shortfallId, true);
        if (s.state !== 'short') return s.addedResourceIds;
        const ids = await install(tx, s.resourceSpecId, s.region, CAPACITY_UNIT[s.resourceSpecId] ?? 4, shortfallId);
        await tx.query(
          "UPDATE capacity_shortfalls SET state = 'capacityOrdered', added_resource_ids = $1 WHERE id = $2",
          [JSON.stringify(ids), shortfallId],
        );
        return ids;
      });
      return shortfall(pool, shortfallId);
    },
  };
}
