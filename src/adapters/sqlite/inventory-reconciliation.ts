import type { Clock } from '../../ports/clock';
import type { InventoryReconciliationPort } from '../../ports/inventory-reconciliation';
import { discoverNetwork } from '../../simulators/discovery';
import { type Db, json, nextId, once } from './database';
import { handOverForAcceptance, recordStateChange, rowsOf } from './readiness-sql';

export function createSqliteInventoryReconciliation(db: Db, clock: Clock): InventoryReconciliationPort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);
  const settle = (kind: string, subject: string, settledBy: string, settlement: string) =>
    db
      .prepare(
        `UPDATE inventory_discrepancies SET settled_by = ?, settled_at = ?, settlement = ?
         WHERE kind = ? AND subject = ? AND settled_at IS NULL`,
      )
      .run(settledBy, now(), settlement, kind, subject).changes;

  return {
    async discover() {
      return discoverNetwork(db);
    },
    async inventoryElements() {
      return all(
        `SELECT r.id, r.resource_type, r.region, r.state, r.service_id, nc.service_id AS configured_for
         FROM resources r LEFT JOIN network_configuration nc ON nc.resource_id = r.id
         WHERE r.state <> 'retired' AND (r.resource_type IN ('node', 'card', 'port') OR nc.resource_id IS NOT NULL)
         ORDER BY r.id`,
      ).map((r) => ({
        resourceId: String(r['id']),
        resourceType: String(r['resource_type']),
        region: String(r['region']),
        state: String(r['state']),
        serviceId: r['service_id'] === null ? null : String(r['service_id']),
        configuredFor: r['configured_for'] === null ? null : String(r['configured_for']),
      }));
    },
    async activeServices() {
      return all(
        `SELECT s.id, s.cfs_spec_id, s.customer_id,
                (SELECT json_group_array(r.id) FROM resources r
                  WHERE r.service_id = s.id AND r.resource_type NOT IN ('telephone-number', 'ip-range')) AS elements
         FROM services s WHERE s.state = 'active' ORDER BY s.id`,
      ).map((r) => ({
        serviceId: String(r['id']),
        cfsSpecId: String(r['cfs_spec_id']),
        customerId: String(r['customer_id']),
        elementIds: json.parse<string[]>(String(r['elements'])),
      }));
    },
    async recordDiscrepancy(key, d) {
      return once(db, key, 'recordDiscrepancy', () => {
        const existing = db
          .prepare('SELECT id FROM inventory_discrepancies WHERE run_id = ? AND kind = ? AND subject = ?')
          .pluck()
          .get(d.runId, d.kind, d.subject) as string | undefined;
        if (existing) return existing;
        const id = nextId(db, 'DX');
        db.prepare(
          `INSERT INTO inventory_discrepancies (id, run_id, etom_id, kind, subject, detail, resolution, found_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, d.runId, d.etomId, d.kind, d.subject, d.detail, d.resolution, now());
        return id;
      });
    },
    async unsettledDiscrepancies(kind) {
      return all(
        `SELECT id, subject, detail, found_at FROM inventory_discrepancies d
         WHERE kind = ? AND settled_at IS NULL
           AND id = (SELECT MIN(x.id) FROM inventory_discrepancies x WHERE x.kind = d.kind AND x.subject = d.subject AND x.settled_at IS NULL)
         ORDER BY found_at, id`,
        kind,
      ).map((r) => ({
        id: String(r['id']),
        subject: String(r['subject']),
        detail: String(r['detail']),
        foundAt: String(r['found_at']),
      }));
    },
    async linkElementToService(key, d) {
      return once(db, key, 'linkElementToService', () => {
        const linked = db
          .prepare(
            `UPDATE resources SET service_id = ?, updated_at = ? WHERE id = ? AND (service_id IS NULL OR service_id = ?)`,
          )
          .run(d.serviceId, now(), d.resourceId, d.serviceId).changes;
        if (linked) settle(d.kind, d.subject, d.settledBy, `inventory links ${d.resourceId} to ${d.serviceId}`);
        return linked > 0;
      });
    },
    async settleDiscrepancies(key, d) {
      return once(db, key, 'settleDiscrepancies', () => settle(d.kind, d.subject, d.settledBy, d.settlement));
    },
    async takeOutOfService(key, resourceId, reason) {
      return once(db, key, 'takeOutOfService', () => {
        const r = db
          .prepare(`UPDATE resources SET state = 'outOfService', updated_at = ? WHERE id = ? AND state = 'available'`)
          .run(now(), resourceId);
        if (r.changes) recordStateChange(db, now(), resourceId, 'available', 'outOfService', reason);
        return r.changes > 0;
      });
    },
    async registerDiscovered(key, e) {
      return once(db, key, 'registerDiscovered', () => {
        db.prepare(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, parent_id, attributes, state, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, '{"discovered":true}', 'outOfService', ?) ON CONFLICT (id) DO NOTHING`,
        ).run(
          e.resourceId,
          e.resourceSpecId,
          e.resourceType,
          `${e.resourceSpecId} ${e.resourceId} (discovered)`,
          e.region,
          e.parentId,
          now(),
        );
        handOverForAcceptance(db, now(), e.resourceId, 'discovered', 'auto-discovery');
        return e.resourceId;
      });
    },
  };
}
