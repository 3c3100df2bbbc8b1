import { BusinessErrorType, reject } from '../../contracts/errors';
import { canMove, RESOURCE_TROUBLE_TRANSITIONS, type ResourceTroubleState } from '../../domain/assurance/states';
import type { Clock } from '../../ports/clock';
import type { ResourceTroublePort } from '../../ports/resource-troubles';
import {
  RESOURCE_COLUMNS,
  type ResourceRow,
  type TroubleEventRow,
  type TroubleRow,
  toResource,
  toTrouble,
  toTroubleEvent,
} from '../sqlite/resource-troubles';
import { once, type Pool, type Tx } from './database';
import { rowById, shapedRows } from './rows';

/**
 * Resource trouble reports (1.A.3.3.4) on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/resource-troubles.contract.ts runs on both). A change locks its report's row, so
 * workers moving one report at once are judged one after the other against the state table; a
 * protection switch locks the failed unit, so it is taken out of service, with its history, once.
 * The services on an element are read from the service inventory's tables (migration 021).
 */

export function createPostgresResourceTroubles(pool: Pool, clock: Clock): ResourceTroublePort {
  const now = () => clock().toISOString();
  const { row, must } = rowById<TroubleRow>('resource_troubles', 'resource trouble');
  const trouble = async (id: string) => toTrouble(await must(pool, id));
  const logEvent = (
    tx: Tx,
    id: string,
    process: string,
    from: ResourceTroubleState | null,
    to: ResourceTroubleState,
    detail: string,
  ) =>
    tx.query(
      'INSERT INTO resource_trouble_events (trouble_id, process, from_state, to_state, detail, at) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, process, from, to, detail, now()],
    );
  const resources = async (sql: string, params: unknown[]) =>
    shapedRows<ResourceRow>((await pool.query(sql, params)).rows).map(toResource);

  return {
    async create(key, t) {
      await once(pool, key, 'createResourceTrouble', async (tx) => {
        const at = now();
        // The same report created under another key (by another worker too) is the first one's.
        const inserted = await tx.query(
          `INSERT INTO resource_troubles (id, origin, resource_id, description, state, alarm_count, alarm_ids,
             service_problem_id, workflow_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'acknowledged', $5, $6, $7, $8, $9, $9) ON CONFLICT (id) DO NOTHING`,
          [
            t.id,
            t.origin,
            t.resourceId,
            t.description,
            t.alarmCount,
            JSON.stringify(t.alarmIds),
            t.serviceProblemId,
            t.workflowId,
            at,
          ],
        );
        if (inserted.rowCount !== 0) await logEvent(tx, t.id, '1.A.3.3.4', null, 'acknowledged', t.description);
        return t.id;
      });
      return trouble(t.id);
    },

    async get(id) {
      const r = await row(pool, id);
      return r && toTrouble(r);
    },

    async amend(key, id, patch, process, detail) {
      await once(pool, key, 'amendResourceTrouble', async (tx) => {
        const r = await must(tx, id, true);
        await tx.query(
          `UPDATE resource_troubles SET fault_resource_id = $1, diagnosis = $2, recovery = $3, resolution = $4,
             prevention = $5, updated_at = $6 WHERE id = $7`,
          [
            patch.faultResourceId ?? r.fault_resource_id,
            patch.diagnosis ?? r.diagnosis,
            patch.recovery ?? r.recovery,
            patch.resolution ?? r.resolution,
            patch.prevention ?? r.prevention,
            now(),
            id,
          ],
        );
        await logEvent(tx, id, process, r.state, r.state, detail);
        return id;
      });
      return trouble(id);
    },

    async setState(key, id, to, process, detail) {
      await once(pool, key, `resourceTroubleState:${to}`, async (tx) => {
        const r = await must(tx, id, true);
        if (!canMove(RESOURCE_TROUBLE_TRANSITIONS, r.state, to)) {
          reject(
            BusinessErrorType.InvalidStateTransition,
            `resource trouble ${id} is ${r.state}: it cannot become ${to}`,
          );
        }
        const at = now();
        const closing = to === 'closed' || to === 'cancelled';
        await tx.query('UPDATE resource_troubles SET state = $1, updated_at = $2, closed_at = $3 WHERE id = $4', [
          to,
          at,
          closing ? at : null,
          id,
        ]);
        await logEvent(tx, id, process, r.state, to, detail);
        return id;
      });
      return trouble(id);
    },

    async events(id) {
      const { rows } = await pool.query(
        'SELECT process, from_state, to_state, detail, at FROM resource_trouble_events WHERE trouble_id = $1 ORDER BY seq',
        [id],
      );
      return shapedRows<TroubleEventRow>(rows).map(toTroubleEvent);
    },

    async resource(id) {
      return (await resources(`SELECT ${RESOURCE_COLUMNS} FROM resources r WHERE r.id = $1`, [id]))[0];
    },

    async ancestors(ids) {
      const unique = [...new Set(ids)];
      // Containment is a tree a few levels deep; the bound guards against a loop in bad data.
      const { rows } = await pool.query<{ id: string; chain: string[] }>(
        `WITH RECURSIVE up(id, parent, depth) AS (
           SELECT r.id, r.parent_id, 1 FROM resources r WHERE r.id = ANY($1)
           UNION ALL SELECT u.id, p.parent_id, u.depth + 1 FROM up u JOIN resources p ON p.id = u.parent
             WHERE u.depth < 16)
         SELECT id, array_agg(parent ORDER BY depth) FILTER (WHERE parent IS NOT NULL) AS chain FROM up GROUP BY id`,
        [unique],
      );
      const chainOf = new Map(rows.map((r) => [r.id, r.chain ?? []]));
      return Object.fromEntries(unique.map((id) => [id, chainOf.get(id) ?? []]));
    },

    async descendants(id) {
      return resources(
        `WITH RECURSIVE below(id, depth) AS (SELECT id, 1 FROM resources WHERE parent_id = $1
           UNION ALL SELECT c.id, b.depth + 1 FROM resources c JOIN below b ON c.parent_id = b.id)
         SELECT ${RESOURCE_COLUMNS} FROM below b JOIN resources r ON r.id = b.id ORDER BY b.depth, r.id`,
        [id],
      );
    },

    async activeServicesOn(resourceId) {
      // A service runs on an element the inventory assigns it, or that the network carries it on.
      const { rows } = await pool.query<{ serviceId: string; customerId: string; resourceId: string }>(
        `WITH RECURSIVE tree(id) AS (SELECT $1::text UNION ALL SELECT c.id FROM resources c JOIN tree t ON c.parent_id = t.id),
         links(service_id, resource_id) AS (
           SELECT r.service_id, r.id FROM resources r JOIN tree t ON r.id = t.id WHERE r.service_id IS NOT NULL
           UNION SELECT n.service_id, n.resource_id FROM network_configuration n JOIN tree t ON n.resource_id = t.id)
         SELECT s.id AS "serviceId", s.customer_id AS "customerId", MIN(l.resource_id COLLATE "C") AS "resourceId"
         FROM links l JOIN services s ON s.id = l.service_id
         WHERE s.state = 'active' GROUP BY s.id ORDER BY s.id`,
        [resourceId],
      );
      return rows;
    },

    async recordReportedServices(key, troubleId, services) {
      await once(pool, key, 'recordReportedServices', async (tx) => {
        await must(tx, troubleId);
        for (const s of services) {
          await tx.query(
            `INSERT INTO resource_trouble_services AS t (trouble_id, service_id, customer_id, service_problem_id,
               service_problem_workflow_id, last_reported_state)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (trouble_id, service_id) DO UPDATE SET
               service_problem_id = COALESCE(excluded.service_problem_id, t.service_problem_id),
               service_problem_workflow_id = COALESCE(excluded.service_problem_workflow_id, t.service_problem_workflow_id),
               last_reported_state = excluded.last_reported_state`,
            [troubleId, s.serviceId, s.customerId, s.serviceProblemId, s.serviceProblemWorkflowId, s.lastReportedState],
          );
        }
        return services.length;
      });
    },

    async reportedServices(troubleId) {
      const { rows } = await pool.query(
        `SELECT service_id AS "serviceId", customer_id AS "customerId", service_problem_id AS "serviceProblemId",
           service_problem_workflow_id AS "serviceProblemWorkflowId", last_reported_state AS "lastReportedState"
         FROM resource_trouble_services WHERE trouble_id = $1 ORDER BY service_id`,
        [troubleId],
      );
      return rows;
    },

    async recordProtectionSwitch(key, troubleId, workingId, protectingId, restored) {
      await once(pool, key, 'recordProtectionSwitch', async (tx) => {
        await must(tx, troubleId);
        const at = now();
        const unit = (
          await tx.query<{ state: string }>('SELECT state FROM resources WHERE id = $1 FOR UPDATE', [workingId])
        ).rows[0]?.state;
        if (!unit) reject(BusinessErrorType.NotFound, `no resource ${workingId}`);
        await tx.query(
          'INSERT INTO protection_switches (trouble_id, working_id, protecting_id, restored, at) VALUES ($1, $2, $3, $4, $5)',
          [troubleId, workingId, protectingId, JSON.stringify(restored), at],
        );
        if (unit !== 'outOfService') {
          // The failed unit stops carrying traffic: its mate does, until it is replaced.
          await tx.query("UPDATE resources SET state = 'outOfService', updated_at = $1 WHERE id = $2", [at, workingId]);
          await tx.query(
            `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at) VALUES ($1, $2, 'outOfService', $3, $4)`,
            [workingId, unit, `failed (${troubleId}): traffic switched to ${protectingId}`, at],
          );
        }
        return restored.length;
      });
    },

    async flagForReplacement(key, resourceId, reason) {
      await once(pool, key, 'flagForReplacement', async (tx) => {
        const at = now();
        const { rowCount } = await tx.query(
          `UPDATE resources SET attributes = jsonb_set(attributes, '{replacement}', $1::jsonb), updated_at = $2 WHERE id = $3`,
          [JSON.stringify({ reason, flaggedAt: at }), at, resourceId],
        );
        return rowCount;
      });
    },
  };
}
