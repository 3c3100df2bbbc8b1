import type { Clock } from '../../ports/clock';
import type { NumberBlock, NumberBlockPort } from '../../ports/number-blocks';
import { type Db, json, nextId, once } from './database';
import { rowsOf } from './readiness-sql';

/**
 * The next identifiers of a pool whose identifiers are `names`: numbers after the highest, address
 * ranges after the last. Both stores add blocks with it.
 */
export const nextIdentifiers = (names: readonly string[], specId: string, region: string, size: number) => {
  const values = [...names].sort();
  if (specId === 'RS-TEL-NUMBER') {
    const highest = values.map((v) => BigInt(v.replace(/^\+/, ''))).reduce((a, b) => (b > a ? b : a), 0n);
    const regionIndex = ['PAR', 'LYO', 'LIL', 'MRS'].indexOf(region);
    const base = highest > 0n ? highest : BigInt(`33${regionIndex + 1}70000000`) - 1n;
    return Array.from({ length: size }, (_, i) => {
      const e164 = `+${(base + BigInt(i + 1)).toString()}`;
      return { id: `TN-${e164.slice(1)}`, name: e164, attributes: { e164 } };
    });
  }
  if (specId === 'RS-IPV4-29') {
    const last = values
      .map((v) => v.split('/')[0]!.split('.').map(Number))
      .map((o) => ((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!)
      .reduce((a, b) => Math.max(a, b), ((203 * 256 + 0) * 256 + 113) * 256 - 8);
    return Array.from({ length: size }, (_, i) => {
      const n = last + 8 * (i + 1);
      const cidr = `${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}/29`;
      return { id: `IP-${region}-${cidr.replace(/[./]/g, '-')}`, name: cidr, attributes: { cidr } };
    });
  }
  throw new Error(`${specId} is not an identifier pool`);
};

export function createSqliteNumberBlocks(db: Db, clock: Clock): NumberBlockPort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);

  return {
    async pools(specId) {
      return all(
        `SELECT region, COUNT(*) AS total, SUM(state = 'available') AS free FROM resources
         WHERE spec_id = ? AND state <> 'retired' GROUP BY region ORDER BY region`,
        specId,
      ).map((r) => ({
        resourceSpecId: specId,
        region: String(r['region']),
        total: Number(r['total']),
        free: Number(r['free']),
      }));
    },
    async addBlock(key, specId, region, size, reason) {
      return once(db, key, 'addNumberBlock', (): NumberBlock => {
        const names = db
          .prepare('SELECT name FROM resources WHERE spec_id = ? AND region = ?')
          .pluck()
          .all(specId, region) as string[];
        const items = nextIdentifiers(names, specId, region, size);
        const type = db.prepare('SELECT resource_type FROM resource_specs WHERE id = ?').pluck().get(specId) as string;
        const insert = db.prepare(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, attributes, state, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'available', ?)`,
        );
        for (const it of items) insert.run(it.id, specId, type, it.name, region, json.stringify(it.attributes), now());
        const block: NumberBlock = {
          id: nextId(db, 'NB'),
          resourceSpecId: specId,
          region,
          firstValue: items[0]!.name,
          lastValue: items[items.length - 1]!.name,
          size,
        };
        db.prepare(
          `INSERT INTO number_blocks (id, resource_spec_id, region, first_value, last_value, size, reason, added_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(block.id, specId, region, block.firstValue, block.lastValue, size, reason, now());
        return block;
      });
    },
  };
}
