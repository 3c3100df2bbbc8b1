import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { WorkforcePort } from '../../ports/workforce';
import {
  escalationNote,
  OPEN,
  type TechnicianRow,
  toTechnician,
  toWorkOrder,
  type WorkOrderRow,
} from '../sqlite/workforce';
import { nextId, once, type Pool, type Tx } from './database';
import { rowById, shapedRows, sqliteShaped } from './rows';

/**
 * The field workforce (1.O.3.1.6) on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/workforce.contract.ts runs on both). Choosing a technician locks the region's
 * technicians until the work order is stored, so workers dispatching in one region at once each
 * see the others' work orders: the least loaded is chosen as if they had come one by one.
 */

const closed = (state: string) => state === 'completed' || state === 'cancelled';
const withNote = (notes: string | null, note: string) => (notes ? `${notes}\n${note}` : note);

export function createPostgresWorkforce(pool: Pool, clock: Clock): WorkforcePort {
  const now = () => clock().toISOString();
  const { row, must } = rowById<WorkOrderRow>('work_orders', 'work order');
  const workOrder = async (id: string) => toWorkOrder(await must(pool, id));
  const workOrders = async (sql: string, params: unknown[]) =>
    shapedRows<WorkOrderRow>((await pool.query(sql, params)).rows).map(toWorkOrder);

  /** The available technicians of a region with the skill (but `except`), least loaded first, their rows locked. */
  const leastLoaded = async (tx: Tx, region: string, skill: string, except: string | null = null) => {
    await tx.query('SELECT id FROM technicians WHERE region = $1 ORDER BY id FOR UPDATE', [region]);
    const { rows } = await tx.query<{ id: string }>(
      `SELECT t.id FROM technicians t
       WHERE t.region = $1 AND t.available AND t.skills @> to_jsonb($2::text) AND t.id IS DISTINCT FROM $3
       ORDER BY (SELECT count(*) FROM work_orders w WHERE w.technician_id = t.id AND w.state IN ${OPEN}), t.id
       LIMIT 1`,
      [region, skill, except],
    );
    return rows[0]?.id;
  };

  /** Moves an open work order to a final state; a closed one cannot move again. */
  const close = async (key: string, operation: string, id: string, to: 'completed' | 'cancelled', notes: string) => {
    await once(pool, key, operation, async (tx) => {
      const wo = await must(tx, id, true);
      if (wo.state === to) return id;
      if (closed(wo.state)) {
        throw new BusinessRejection(
          BusinessErrorType.InvalidStateTransition,
          `work order ${id} is already ${wo.state}`,
          {
            from: wo.state,
            to,
          },
        );
      }
      const at = now();
      await tx.query(
        'UPDATE work_orders SET state = $1, notes = $2, updated_at = $3, completed_at = $4 WHERE id = $5',
        [to, withNote(wo.notes, notes), at, to === 'completed' ? at : null, id],
      );
      return id;
    });
    return workOrder(id);
  };

  return {
    async dispatch(key, order) {
      const id = await once(pool, key, 'dispatchWorkOrder', async (tx) => {
        const chosen = await leastLoaded(tx, order.region, order.skill);
        if (!chosen) {
          throw new BusinessRejection(
            BusinessErrorType.ResourceUnavailable,
            `no available technician with skill ${order.skill} in ${order.region}`,
            { skill: order.skill, region: order.region },
          );
        }
        const workOrderId = await nextId(tx, 'WO');
        const at = now();
        await tx.query(
          `INSERT INTO work_orders (id, reference, kind, skill, region, technician_id, state, notes, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'assigned', $7, $8, $8)`,
          [workOrderId, order.reference, order.kind, order.skill, order.region, chosen, order.notes ?? null, at],
        );
        return workOrderId;
      });
      return workOrder(id);
    },

    async complete(key, workOrderId, notes) {
      return close(key, 'completeWorkOrder', workOrderId, 'completed', notes);
    },

    async cancel(key, workOrderId, reason) {
      return close(key, 'cancelWorkOrder', workOrderId, 'cancelled', reason);
    },

    async escalate(key, workOrderId, reason) {
      await once(pool, key, 'escalateWorkOrder', async (tx) => {
        const wo = await must(tx, workOrderId, true);
        if (closed(wo.state)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `work order ${workOrderId} is already ${wo.state}`,
            { from: wo.state, to: 'escalated' },
          );
        }
        // Another technician with the skill, least loaded first; none: the same one, flagged.
        const other = await leastLoaded(tx, wo.region, wo.skill, wo.technician_id);
        const at = now();
        await tx.query(
          `UPDATE work_orders SET technician_id = $1, escalations = escalations + 1, escalated_at = $2, notes = $3,
             updated_at = $2 WHERE id = $4`,
          [
            other ?? wo.technician_id,
            at,
            withNote(wo.notes, escalationNote(reason, wo.technician_id, other)),
            workOrderId,
          ],
        );
        return workOrderId;
      });
      return workOrder(workOrderId);
    },

    async get(workOrderId) {
      const r = await row(pool, workOrderId);
      return r && toWorkOrder(r);
    },

    async byReference(reference) {
      return workOrders('SELECT * FROM work_orders WHERE reference = $1 ORDER BY id', [reference]);
    },

    async open() {
      return workOrders(`SELECT * FROM work_orders WHERE state IN ${OPEN} ORDER BY created_at, id`, []);
    },

    async technicians(region) {
      const { rows } = await pool.query('SELECT * FROM technicians WHERE $1::text IS NULL OR region = $1 ORDER BY id', [
        region ?? null,
      ]);
      return shapedRows<TechnicianRow>(rows).map(toTechnician);
    },

    async addTechnician(key, t) {
      const id = await once(pool, key, 'addTechnician', async (tx) => {
        const technicianId = await nextId(tx, 'TECH');
        await tx.query('INSERT INTO technicians (id, name, region, skills, available) VALUES ($1, $2, $3, $4, true)', [
          technicianId,
          t.name,
          t.region,
          JSON.stringify(t.skills),
        ]);
        return technicianId;
      });
      const { rows } = await pool.query('SELECT * FROM technicians WHERE id = $1', [id]);
      return toTechnician(sqliteShaped<TechnicianRow>(rows[0]!));
    },
  };
}
