import type { Db } from '../adapters/sqlite/database';
import { json } from '../adapters/sqlite/database';

/**
 * What the simulated network reports exists when auto-discovery runs (the mechanism 1.O.3.1.5
 * reconciles the inventory against): every installed element (nodes, cards, ports) and every
 * element that carries a configuration, with the service it carries and its admin state.
 * By default the network agrees with the store; a test or the demo injects a disagreement.
 */

export interface DiscoveredElement {
  resourceId: string;
  resourceType: string;
  resourceSpecId: string;
  region: string;
  parentId: string | null;
  /** The service the element says it carries, if configured. */
  carries: string | null;
  adminState: 'up' | 'down' | null;
}

/** Element types that exist physically in the network, configured or not. */
const INSTALLED_TYPES = ['node', 'card', 'port'];

export type DiscoveryDiscrepancy =
  /** The element is in the inventory but the network does not report it (removed, dead). */
  | { kind: 'missing'; resourceId: string }
  /** The network reports an element the inventory does not know. */
  | {
      kind: 'extra';
      resourceId: string;
      resourceSpecId: string;
      resourceType: string;
      region: string;
      parentId?: string;
    }
  /** The element reports carrying another service than the one configured for it. */
  | { kind: 'carries'; resourceId: string; serviceId: string };

export function injectDiscoveryDiscrepancy(db: Db, d: DiscoveryDiscrepancy): void {
  const { kind, resourceId, ...detail } = d;
  db.prepare(
    `INSERT INTO simulator_discovery_overrides (resource_id, kind, detail) VALUES (?, ?, ?)
     ON CONFLICT (resource_id) DO UPDATE SET kind = excluded.kind, detail = excluded.detail`,
  ).run(resourceId, kind, json.stringify(detail));
}

export function clearDiscoveryDiscrepancy(db: Db, resourceId: string): void {
  db.prepare('DELETE FROM simulator_discovery_overrides WHERE resource_id = ?').run(resourceId);
}

interface Row {
  id: string;
  resource_type: string;
  spec_id: string;
  region: string;
  parent_id: string | null;
  service_id: string | null;
  admin_state: 'up' | 'down' | null;
}

/** Runs discovery: the elements the network reports now, ordered by id. */
export function discoverNetwork(db: Db): DiscoveredElement[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.resource_type, r.spec_id, r.region, r.parent_id, nc.service_id, nc.admin_state
       FROM resources r LEFT JOIN network_configuration nc ON nc.resource_id = r.id
       WHERE r.state <> 'retired' AND (r.resource_type IN (${INSTALLED_TYPES.map(() => '?').join(',')}) OR nc.resource_id IS NOT NULL)`,
    )
    .all(...INSTALLED_TYPES) as Row[];
  const overrides = new Map(
    (
      db.prepare('SELECT resource_id, kind, detail FROM simulator_discovery_overrides').all() as Array<{
        resource_id: string;
        kind: DiscoveryDiscrepancy['kind'];
        detail: string;
      }>
    ).map((o) => [o.resource_id, { kind: o.kind, detail: json.parse<Record<string, string>>(o.detail) }]),
  );
  const found: DiscoveredElement[] = [];
  for (const r of rows) {
    const o = overrides.get(r.id);
    if (o?.kind === 'missing') continue;
    found.push({
      resourceId: r.id,
      resourceType: r.resource_type,
      resourceSpecId: r.spec_id,
      region: r.region,
      parentId: r.parent_id,
      carries: o?.kind === 'carries' ? (o.detail['serviceId'] ?? null) : r.service_id,
      adminState: r.admin_state,
    });
  }
  const known = new Set(rows.map((r) => r.id));
  for (const [resourceId, o] of overrides) {
    if (o.kind !== 'extra' || known.has(resourceId)) continue;
    found.push({
      resourceId,
      resourceType: o.detail['resourceType'] ?? 'port',
      resourceSpecId: o.detail['resourceSpecId'] ?? 'RS-ACCESS-PORT',
      region: o.detail['region'] ?? 'PAR',
      parentId: o.detail['parentId'] ?? null,
      carries: null,
      adminState: null,
    });
  }
  return found.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
}
