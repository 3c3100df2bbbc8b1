import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { Technician, WorkforcePort, WorkOrder } from '../../ports/workforce';
import { type Db, json, nextId, once } from './database';

/** The rows of this store's shape; the PostgreSQL adapter maps its rows with these mappers too. */
export interface WorkOrderRow {
  id: string;
  reference: string;
  kind: string;
  skill: string;
  region: string;
  technician_id: string | null;
  state: WorkOrder['state'];
  notes: string | null;
  created_at: string;
  completed_at: string | null;
  escalations: number;
  escalated_at: string | null;
}

export const toWorkOrder = (r: WorkOrderRow): WorkOrder => ({
  id: r.id,
  reference: r.reference,
  kind: r.kind,
  skill: r.skill,
  region: r.region,
  technicianId: r.technician_id,
  state: r.state,
  createdAt: r.created_at,
  completedAt: r.completed_at,
  notes: r.notes,
  escalations: r.escalations,
  escalatedAt: r.escalated_at,
});

export const OPEN = "('assigned', 'inProgress')";

/** What an escalation adds to the work order's notes: who had it, and who has it now. */
export const escalationNote = (reason: string, from: string | null, to: string | undefined) =>
  to
    ? `escalated: ${reason}; re-dispatched from ${from ?? 'nobody'} to ${to}`
    : `escalated: ${reason}; no other technician free, ${from ?? 'nobody'} keeps it`;

/** The field workforce over the store: technicians of the sample operator, their work orders. */
export function createSqliteWorkforce(db: Db, clock: Clock): WorkforcePort {
  const now = () => clock().toISOString();
  const row = (id: string) => db.prepare('SELECT * FROM work_orders WHERE id = ?').get(id) as WorkOrderRow | undefined;

  /** Moves an open work order to a final state; a closed one cannot move again. */
  const close = (key: string, operation: string, id: string, to: 'completed' | 'cancelled', notes: string) => {
    once(db, key, operation, () => {
      const wo = row(id);
      if (!wo) throw new BusinessRejection(BusinessErrorType.NotFound, `no work order ${id}`);
      if (wo.state === to) return id;
      if (wo.state === 'completed' || wo.state === 'cancelled') {
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
      db.prepare('UPDATE work_orders SET state = ?, notes = ?, updated_at = ?, completed_at = ? WHERE id = ?').run(
        to,
        wo.notes ? `${wo.notes}\n${notes}` : notes,
        at,
        to === 'completed' ? at : null,
        id,
      );
      return id;
    });
    return toWorkOrder(row(id)!);
  };

  return {
    async dispatch(key, order) {
      const id = once(db, key, 'dispatchWorkOrder', () => {
        // Least loaded first; the technician id breaks ties, so the choice is reproducible.
        const technicians = db
          .prepare(
            `SELECT t.id, t.skills,
               (SELECT COUNT(*) FROM work_orders w WHERE w.technician_id = t.id AND w.state IN ${OPEN}) AS open
             FROM technicians t WHERE t.region = ? AND t.available = 1
             ORDER BY open, t.id`,
          )
          .all(order.region) as Array<{ id: string; skills: string; open: number }>;
        const chosen = technicians.find((t) => json.parse<string[]>(t.skills).includes(order.skill));
        if (!chosen) {
          throw new BusinessRejection(
            BusinessErrorType.ResourceUnavailable,
            `no available technician with skill ${order.skill} in ${order.region}`,
            { skill: order.skill, region: order.region },
          );
        }
        const workOrderId = nextId(db, 'WO');
        const at = now();
        db.prepare(
          `INSERT INTO work_orders (id, reference, kind, skill, region, technician_id, state, notes, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'assigned', ?, ?, ?)`,
        ).run(
          workOrderId,
          order.reference,
          order.kind,
          order.skill,
          order.region,
          chosen.id,
          order.notes ?? null,
          at,
          at,
        );
        return workOrderId;
      });
      return toWorkOrder(row(id)!);
    },

    async complete(key, workOrderId, notes) {
      return close(key, 'completeWorkOrder', workOrderId, 'completed', notes);
    },

    async cancel(key, workOrderId, reason) {
      return close(key, 'cancelWorkOrder', workOrderId, 'cancelled', reason);
    },

    async escalate(key, workOrderId, reason) {
      once(db, key, 'escalateWorkOrder', () => {
        const wo = row(workOrderId);
        if (!wo) throw new BusinessRejection(BusinessErrorType.NotFound, `no work order ${workOrderId}`);
        if (wo.state === 'completed' || wo.state === 'cancelled') {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `work order ${workOrderId} is already ${wo.state}`,
            { from: wo.state, to: 'escalated' },
          );
        }
        // Another technician with the skill, least loaded first; none: the same one, flagged.
        const other = (
          db
            .prepare(
              `SELECT t.id, t.skills,
                 (SELECT COUNT(*) FROM work_orders w WHERE w.technician_id = t.id AND w.state IN ${OPEN}) AS open
               FROM technicians t WHERE t.region = ? AND t.available = 1 AND t.id IS NOT ?
               ORDER BY open, t.id`,
            )
            .all(wo.region, wo.technician_id) as Array<{ id: string; skills: string }>
        ).find((t) => json.parse<string[]>(t.skills).includes(wo.skill));
        const at = now();
        const note = escalationNote(reason, wo.technician_id, other?.id);
        db.prepare(
          `UPDATE work_orders SET technician_id = ?, escalations = escalations + 1, escalated_at = ?, notes = ?,
             updated_at = ? WHERE id = ?`,
        ).run(other?.id ?? wo.technician_id, at, wo.notes ? `${wo.notes}\n${note}` : note, at, workOrderId);
        return workOrderId;
      });
      return toWorkOrder(row(workOrderId)!);
    },

    async get(workOrderId) {
      const r = row(workOrderId);
      return r && toWorkOrder(r);
    },

    async byReference(reference) {
      return (
        db.prepare('SELECT * FROM work_orders WHERE reference = ? ORDER BY id').all(reference) as WorkOrderRow[]
      ).map(toWorkOrder);
    },

    async open() {
      return (
        db
          .prepare("SELECT * FROM work_orders WHERE state IN ('assigned', 'inProgress') ORDER BY created_at, id")
          .all() as WorkOrderRow[]
      ).map(toWorkOrder);
    },

    async technicians(region) {
      const rows = (
        region === undefined
          ? db.prepare('SELECT * FROM technicians ORDER BY id').all()
          : db.prepare('SELECT * FROM technicians WHERE region = ? ORDER BY id').all(region)
      ) as TechnicianRow[];
      return rows.map(toTechnician);
    },

    async addTechnician(key, t) {
      const id = once(db, key, 'addTechnician', () => {
        const technicianId = nextId(db, 'TECH');
        db.prepare('INSERT INTO technicians (id, name, region, skills, available) VALUES (?, ?, ?, ?, 1)').run(
          technicianId,
          t.name,
          t.region,
          json.stringify(t.skills),
        );
        return technicianId;
      });
      return toTechnician(db.prepare('SELECT * FROM technicians WHERE id = ?').get(id) as TechnicianRow);
    },
  };
}

export type TechnicianRow = { id: string; name: string; region: string; skills: string };
export const toTechnician = (r: TechnicianRow): Technician => ({
  id: r.id,
  name: r.name,
  region: r.region,
  skills: json.parse(r.skills),
});
