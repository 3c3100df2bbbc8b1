import type { Clock } from '../../ports/clock';
import type { CapacityShortfallPort } from '../../ports/capacity-shortfalls';
import { type Db, json, nextId, once } from './database';
import { type Row, handOverForAcceptance, rowsOf, toShortfall } from './readiness-sql';

/** What one installation of capacity adds, by resource class (the embedded default's "RD&M"). */
export const CAPACITY_UNIT: Record<string, number> = {
  'RS-ACCESS-PORT': 8,
  'RS-VOICE-PORT': 8,
  'RS-CPE-ROUTER': 4,
  'RS-ACCESS-CIRCUIT': 4,
  'RS-VLAN': 20,
};

export function createSqliteCapacityShortfalls(db: Db, clock: Clock): CapacityShortfallPort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);
  const shortfall = (id: string) =>
    toShortfall(db.prepare('SELECT * FROM capacity_shortfalls WHERE id = ?').get(id) as Row);

  /** Installs new resources like `template` (the class's most recent one), out of service. */
  const install = (specId: string, region: string, count: number, source: string): string[] => {
    const spec = db.prepare('SELECT resource_type FROM resource_specs WHERE id = ?').get(specId) as
      { resource_type: string } | undefined;
    if (!spec) throw new Error(`no resource specification ${specId}`);
    const sample = db
      .prepare(
        'SELECT site, parent_id, attributes FROM resources WHERE spec_id = ? AND region = ? ORDER BY id DESC LIMIT 1',
      )
      .get(specId, region) as { site: string | null; parent_id: string | null; attributes: string } | undefined;
    let parent = sample?.parent_id ?? null;
    let site = sample?.site ?? null;
    const ids: string[] = [];
    const insert = db.prepare(
      `INSERT INTO resources (id, spec_id, resource_type, name, region, site, parent_id, attributes, state, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'outOfService', ?)`,
    );
    if (spec.resource_type === 'port' && specId === 'RS-ACCESS-PORT') {
      // Access ports come on a new line card, in the node of the region with the fewest cards.
      const node = db
        .prepare(
          `SELECT n.id, n.site FROM resources n WHERE n.resource_type = 'node' AND n.region = ? AND n.state <> 'retired'
           ORDER BY (SELECT COUNT(*) FROM resources c WHERE c.parent_id = n.id AND c.resource_type = 'card'), n.id LIMIT 1`,
        )
        .get(region) as { id: string; site: string | null } | undefined;
      if (node) {
        const card = nextId(db, `CARD-${region}`);
        insert.run(card, 'RS-CARD', 'card', `${node.id} line card ${card}`, region, node.site, node.id, '{}', now());
        handOverForAcceptance(db, now(), card, 'new', source);
        ids.push(card);
        parent = card;
        site = node.site;
      }
    }
    for (let i = 0; i < count; i++) {
      const id = nextId(db, `${specId.replace(/^RS-/, '')}-${region}`);
      insert.run(
        id,
        specId,
        spec.resource_type,
        `${specId} ${id}`,
        region,
        site,
        parent,
        sample?.attributes ?? '{}',
        now(),
      );
      handOverForAcceptance(db, now(), id, 'new', source);
      ids.push(id);
    }
    return ids;
  };

  return {
    async openShortfall(key, s) {
      const id = once(db, key, 'openShortfall', () => {
        const open = db
          .prepare(
            `SELECT id FROM capacity_shortfalls WHERE resource_spec_id = ? AND region = ? AND state <> 'resolved'`,
          )
          .pluck()
          .get(s.resourceSpecId, s.region) as string | undefined;
        if (open) return open;
        const sid = nextId(db, 'CS');
        db.prepare(
          `INSERT INTO capacity_shortfalls (id, resource_spec_id, region, available, total, state, detected_at)
           VALUES (?, ?, ?, ?, ?, 'short', ?)`,
        ).run(sid, s.resourceSpecId, s.region, s.available, s.total, now());
        return sid;
      });
      return shortfall(id);
    },
    async shortfalls(state) {
      const rows = state
        ? all('SELECT * FROM capacity_shortfalls WHERE state = ? ORDER BY id', state)
        : all('SELECT * FROM capacity_shortfalls ORDER BY id');
      return rows.map(toShortfall);
    },
    async deliverCapacity(key, shortfallId) {
      once(db, key, 'deliverCapacity', () => {
        const s = shortfall(shortfallId);
        if (s.state !== 'short') return s.addedResourceIds;
        const ids = install(s.resourceSpecId, s.region, CAPACITY_UNIT[s.resourceSpecId] ?? 4, shortfallId);
        db.prepare(`UPDATE capacity_shortfalls SET state = 'capacityOrdered', added_resource_ids = ? WHERE id = ?`).run(
          json.stringify(ids),
          shortfallId,
        );
        return ids;
      });
      return shortfall(shortfallId);
    },
  };
}
