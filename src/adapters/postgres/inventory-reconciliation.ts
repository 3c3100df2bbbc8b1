import type { Clock } from '../../ports/clock';
import type { InventoryReconciliationPort } from '../../ports/inventory-reconciliation';
import type { DiscoveredElement } from '../../simulators/discovery';
import { handOverForAcceptance } from './acceptance';
import { nextId, once, type Pool, type Tx } from './database';

/**
 * What the network reports exists now: the deployment's auto-discovery. The embedded store asks
 * its network simulator, which reads the SQLite tables a test injects disagreements into; on
 * PostgreSQL the discovery is given to the adapter, so the store holds only the inventory.
 */
export type NetworkDiscovery = () => Promise<DiscoveredElement[]>;

/**
 * The inventories held against what the network reports (1.O.2.1.1, 1.O.3.1.5) on PostgreSQL,
 * as the SQLite adapter (src/adapters/sqlite/inventory-reconciliation.ts), in the tables of
 * migrations 001, 009, 010, 019 and 021. Each write once per key; a discrepancy once per run,
 * kind and subject whichever worker records it (the unique key), and every change to an element
 * is one conditional UPDATE, so two workers judging the same element cannot both win.
 */
export function createPostgresInventoryReconciliation(
  pool: Pool,
  clock: Clock,
  discover: NetworkDiscovery,
): InventoryReconciliationPort {
  const now = () => clock().toISOString();
  const settle = async (tx: Tx, kind: string, subject: string, settledBy: string, settlement: string) =>
    (
      await tx.query(
        `UPDATE inventory_discrepancies SET settled_by = $1, settled_at = $2, settlement = $3
         WHERE kind = $4 AND subject = $5 AND settled_at IS NULL`,
        [settledBy, now(), settlement, kind, subject],
      )
    ).rowCount ?? 0;

  return {
    discover,
    async inventoryElements() {
      const { rows } = await pool.query<{
        id: string;
        resource_type: string;
        region: string;
        state: string;
        service_id: string | null;
        configured_for: string | null;
      }>(
        `SELECT r.id, r.resource_type, r.region, r.state, r.service_id, nc.service_id AS configured_for
         FROM resources r LEFT JOIN network_configuration nc ON nc.resource_id = r.id
         WHERE r.state <> 'retired' AND (r.resource_type IN ('node', 'card', 'port') OR nc.resource_id IS NOT NULL)
         ORDER BY r.id COLLATE "C"`,
      );
      return rows.map((r) => ({
        resourceId: r.id,
        resourceType: r.resource_type,
        region: r.region,
        state: r.state,
        serviceId: r.service_id,
        configuredFor: r.configured_for,
      }));
    },
    async activeServices() {
      const { rows } = await pool.query<{ id: string; cfs_spec_id: string; customer_id: string; elements: string[] }>(
        `SELECT s.id, s.cfs_spec_id, s.customer_id,
                ARRAY(SELECT r.id FROM resources r
                       WHERE r.service_id = s.id AND r.resource_type NOT IN ('telephone-number', 'ip-range')
                       ORDER BY r.id COLLATE "C") AS elements
         FROM services s WHERE s.state = 'active' ORDER BY s.id COLLATE "C"`,
      );
      return rows.map((r) => ({
        serviceId: r.id,
        cfsSpecId: r.cfs_spec_id,
        customerId: r.customer_id,
        elementIds: r.elements,
      }));
    },
    async recordDiscrepancy(key, d) {
      return once(pool, key, 'recordDiscrepancy', async (tx) => {
        const existing = async () =>
          (
            await tx.query<{ id: string }>(
              'SELECT id FROM inventory_discrepancies WHERE run_id = $1 AND kind = $2 AND subject = $3',
              [d.runId, d.kind, d.subject],
            )
          ).rows[0]?.id;
        const kept = await existing();
        if (kept) return kept;
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO inventory_discrepancies (id, run_id, etom_id, kind, subject, detail, resolution, found_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (run_id, kind, subject) DO NOTHING RETURNING id`,
          [await nextId(tx, 'DX'), d.runId, d.etomId, d.kind, d.subject, d.detail, d.resolution, now()],
        );
        // Another worker recorded the same finding of the run a moment before: that one stands.
        return inserted.rows[0]?.id ?? (await existing())!;
      });
    },
    async unsettledDiscrepancies(kind) {
      // Each subject's first open finding, then the subjects in the order they were found.
      const { rows } = await pool.query<{ id: string; subject: string; detail: string; found_at: Date }>(
        `SELECT * FROM (
           SELECT DISTINCT ON (subject) id, subject, detail, found_at FROM inventory_discrepancies
           WHERE kind = $1 AND settled_at IS NULL
           ORDER BY subject, id COLLATE "C"
         ) first ORDER BY found_at, id COLLATE "C"`,
        [kind],
      );
      return rows.map((r) => ({ id: r.id, subject: r.subject, detail: r.detail, foundAt: r.found_at.toISOString() }));
    },
    async linkElementToService(key, d) {
      return once(pool, key, 'linkElementToService', async (tx) => {
        const linked =
          (
            await tx.query(
              `UPDATE resources SET service_id = $1, updated_at = $2
               WHERE id = $3 AND (service_id IS NULL OR service_id = $1)`,
              [d.serviceId, now(), d.resourceId],
            )
          ).rowCount ?? 0;
        if (linked)
          await settle(tx, d.kind, d.subject, d.settledBy, `inventory links ${d.resourceId} to ${d.serviceId}`);
        return linked > 0;
      });
    },
    async settleDiscrepancies(key, d) {
      return once(pool, key, 'settleDiscrepancies', (tx) => settle(tx, d.kind, d.subject, d.settledBy, d.settlement));
    },
    async takeOutOfService(key, resourceId, reason) {
      return once(pool, key, 'takeOutOfService', async (tx) => {
        const taken =
          (
            await tx.query(
              `UPDATE resources SET state = 'outOfService', updated_at = $1 WHERE id = $2 AND state = 'available'`,
              [now(), resourceId],
            )
          ).rowCount ?? 0;
        if (taken)
          await tx.query(
            `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at)
             VALUES ($1, 'available', 'outOfService', $2, $3)`,
            [resourceId, reason, now()],
          );
        return taken > 0;
      });
    },
    async registerDiscovered(key, e) {
      return once(pool, key, 'registerDiscovered', async (tx) => {
        await tx.query(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, parent_id, attributes, state, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, '{"discovered":true}', 'outOfService', $7) ON CONFLICT (id) DO NOTHING`,
          [
            e.resourceId,
            e.resourceSpecId,
            e.resourceType,
            `${e.resourceSpecId} ${e.resourceId} (discovered)`,
            e.region,
            e.parentId,
            now(),
          ],
        );
        await handOverForAcceptance(tx, now(), e.resourceId, 'discovered', 'auto-discovery');
        return e.resourceId;
      });
    },
  };
}
