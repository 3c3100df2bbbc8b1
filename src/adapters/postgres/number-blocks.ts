import type { Clock } from '../../ports/clock';
import type { NumberBlock, NumberBlockPort } from '../../ports/number-blocks';
import { nextIdentifiers } from '../sqlite/number-blocks';
import { nextId, once, type Pool } from './database';

/**
 * The identifier pools (telephone numbers, address ranges) and the blocks added to them, on
 * PostgreSQL: the same contract as the SQLite adapter (test/ports/number-blocks.contract.ts runs
 * on both). A block takes a transaction-scoped lock on its pool before it reads the pool's last
 * identifier, so blocks added by several workers at once follow one another: no identifier is
 * made twice, and none is skipped.
 */

export function createPostgresNumberBlocks(pool: Pool, clock: Clock): NumberBlockPort {
  const now = () => clock().toISOString();
  return {
    async pools(specId) {
      const { rows } = await pool.query<{ region: string; total: string; free: string }>(
        `SELECT region, count(*) AS total, count(*) FILTER (WHERE state = 'available') AS free FROM resources
         WHERE spec_id = $1 AND state <> 'retired' GROUP BY region ORDER BY region`,
        [specId],
      );
      return rows.map((r) => ({
        resourceSpecId: specId,
        region: r.region,
        total: Number(r.total),
        free: Number(r.free),
      }));
    },

    async addBlock(key, specId, region, size, reason) {
      return once(pool, key, 'addNumberBlock', async (tx): Promise<NumberBlock> => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`number-pool:${specId}:${region}`]);
        const names = (
          await tx.query<{ name: string }>('SELECT name FROM resources WHERE spec_id = $1 AND region = $2', [
            specId,
            region,
          ])
        ).rows.map((r) => r.name);
        const items = nextIdentifiers(names, specId, region, size);
        const at = now();
        await tx.query(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, attributes, state, updated_at)
           SELECT item.id, s.id, s.resource_type, item.name, $2, item.attributes, 'available', $3
           FROM resource_specs s, jsonb_to_recordset($4::jsonb) AS item(id TEXT, name TEXT, attributes JSONB)
           WHERE s.id = $1`,
          [specId, region, at, JSON.stringify(items)],
        );
        const block: NumberBlock = {
          id: await nextId(tx, 'NB'),
          resourceSpecId: specId,
          region,
          firstValue: items[0]!.name,
          lastValue: items[items.length - 1]!.name,
          size,
        };
        await tx.query(
          `INSERT INTO number_blocks (id, resource_spec_id, region, first_value, last_value, size, reason, added_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [block.id, specId, region, block.firstValue, block.lastValue, size, reason, at],
        );
        return block;
      });
    },
  };
}
