import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { RootCause, Urgency } from '../../domain/assurance/messages';
import { canMove, SERVICE_PROBLEM_TRANSITIONS, type ServiceProblemState } from '../../domain/assurance/states';
import type { Clock } from '../../ports/clock';
import type {
  ServiceElement,
  ServiceImpact,
  ServiceProblem,
  ServiceProblemEvent,
  ServiceProblemPort,
  ServiceProblemSearch,
} from '../../ports/service-problems';
import { type Db, json, once } from './database';
import { appendEvent } from './event-outbox';
import { searchIds } from './search';

/** A service_problems row in this store's shape; the PostgreSQL adapter maps its rows with `toProblem` too. */
export interface ProblemRow {
  id: string;
  origin: ServiceProblem['origin'];
  service_id: string;
  customer_id: string;
  description: string;
  urgency: Urgency;
  state: ServiceProblemState;
  trouble_ticket_id: string | null;
  resource_trouble_id: string | null;
  impact: string | null;
  estimated_restoration: string | null;
  root_cause: string | null;
  correlated_with: string | null;
  plan: string | null;
  resolution: string | null;
  workflow_id: string | null;
  started_at: string;
  restored_at: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export const toProblem = (r: ProblemRow): ServiceProblem => ({
  id: r.id,
  origin: r.origin,
  serviceId: r.service_id,
  customerId: r.customer_id,
  description: r.description,
  urgency: r.urgency,
  state: r.state,
  troubleTicketId: r.trouble_ticket_id,
  resourceTroubleId: r.resource_trouble_id,
  impact: json.parse<ServiceImpact | null>(r.impact),
  estimatedRestoration: r.estimated_restoration,
  rootCause: json.parse<RootCause | null>(r.root_cause),
  correlatedWith: r.correlated_with,
  plan: json.parse<unknown>(r.plan),
  resolution: r.resolution,
  workflowId: r.workflow_id,
  startedAt: r.started_at,
  restoredAt: r.restored_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
});

/** The list's criteria as both stores' searchIds take them (TMF630 filters of the port's search). */
export const problemCriteria = (q: ServiceProblemSearch) => ({
  anyOf: [
    ['id', q.ids],
    ['state', q.states],
    ['origin', q.origins],
    ['customer_id', q.customerIds],
    ['service_id', q.serviceIds],
    ['trouble_ticket_id', q.troubleTicketIds],
  ] as Array<[column: string, values: readonly string[] | undefined]>,
  dates: q.dates,
  dateColumns: { createdAt: 'created_at', updatedAt: 'updated_at', restoredAt: 'restored_at' },
  offset: q.offset,
  limit: q.limit,
});

const DONE = "('resolved', 'closed', 'cancelled', 'rejected')";

/** TMF656 service problems over the store, and SM&O's view of the elements its services run on. */
export function createSqliteServiceProblems(db: Db, clock: Clock): ServiceProblemPort {
  const now = () => clock().toISOString();
  const row = (id: string) =>
    db.prepare('SELECT * FROM service_problems WHERE id = ?').get(id) as ProblemRow | undefined;
  const mustRow = (id: string) => {
    const r = row(id);
    if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `no service problem ${id}`);
    return r;
  };
  const recordEvent = (
    id: string,
    from: string | null,
    to: string,
    process: string | null,
    detail: string | null,
    at: string,
  ) =>
    db
      .prepare(
        `INSERT INTO service_problem_history (service_problem_id, from_state, to_state, process, detail, at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(id, from, to, process, detail, at);
  /** Stores the event of a change, inside the change's transaction, from the problem as it leaves it. */
  const publish = (event: ServiceProblemEvent | undefined, id: string, at: string) => {
    if (!event) return;
    const changedAt = db
      .prepare('SELECT at FROM service_problem_history WHERE service_problem_id = ? ORDER BY seq DESC LIMIT 1')
      .pluck()
      .get(id) as string | undefined;
    const ticketRecorded = (ticketId: string) =>
      db.prepare('SELECT 1 FROM trouble_tickets WHERE id = ?').pluck().get(ticketId) !== undefined;
    appendEvent(db, event(toProblem(mustRow(id)), { changedAt, ticketRecorded }), at);
  };

  return {
    async record(key, p, event) {
      once(db, key, 'recordServiceProblem', () => {
        if (row(p.id)) return p.id;
        const at = now();
        db.prepare(
          `INSERT INTO service_problems (id, origin, service_id, customer_id, description, urgency, state,
             trouble_ticket_id, resource_trouble_id, workflow_id, started_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?, ?, ?, ?, ?)`,
        ).run(
          p.id,
          p.origin,
          p.serviceId,
          p.customerId,
          p.description,
          p.urgency,
          p.troubleTicketId,
          p.resourceTroubleId,
          p.workflowId,
          at,
          at,
          at,
        );
        recordEvent(p.id, null, 'acknowledged', '1.A.2.3.1', p.description, at);
        publish(event, p.id, at);
        return p.id;
      });
      return toProblem(mustRow(p.id));
    },

    async get(id) {
      const r = row(id);
      return r && toProblem(r);
    },

    async transition(key, id, to, process, detail, event) {
      once(db, key, `serviceProblemState:${to}`, () => {
        const p = mustRow(id);
        if (p.state === to) return id;
        if (!canMove(SERVICE_PROBLEM_TRANSITIONS, p.state, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service problem ${id} cannot go from ${p.state} to ${to}`,
            { from: p.state, to },
          );
        }
        const at = now();
        db.prepare(
          `UPDATE service_problems SET state = ?, updated_at = ?,
             closed_at = CASE WHEN ? IN ('closed', 'cancelled', 'rejected') THEN ? ELSE closed_at END
           WHERE id = ?`,
        ).run(to, at, to, at, id);
        recordEvent(id, p.state, to, process, detail, at);
        publish(event, id, at);
        return id;
      });
      return toProblem(mustRow(id));
    },

    async update(key, id, change) {
      once(db, key, 'updateServiceProblem', () => {
        mustRow(id);
        const sets: string[] = [];
        const values: unknown[] = [];
        const put = (column: string, value: unknown) => {
          sets.push(`${column} = ?`);
          values.push(value);
        };
        if (change.impact !== undefined) put('impact', json.stringify(change.impact));
        if (change.estimatedRestoration !== undefined) put('estimated_restoration', change.estimatedRestoration);
        if (change.rootCause !== undefined) {
          put('root_cause', json.stringify(change.rootCause));
          put('root_resource_id', change.rootCause?.resourceId ?? null);
        }
        if (change.correlatedWith !== undefined) put('correlated_with', change.correlatedWith);
        if (change.plan !== undefined) put('plan', json.stringify(change.plan));
        if (change.resolution !== undefined) put('resolution', change.resolution);
        if (change.restoredAt !== undefined) put('restored_at', change.restoredAt);
        put('updated_at', now());
        db.prepare(`UPDATE service_problems SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
        return id;
      });
      return toProblem(mustRow(id));
    },

    async note(key, id, process, detail) {
      once(db, key, 'noteServiceProblem', () => {
        const p = mustRow(id);
        recordEvent(id, p.state, p.state, process, detail, now());
        return id;
      });
    },

    async history(id) {
      return db
        .prepare(
          `SELECT from_state AS "from", to_state AS "to", process, detail, at FROM service_problem_history
           WHERE service_problem_id = ? ORDER BY seq`,
        )
        .all(id) as Array<{
        from: string | null;
        to: string;
        process: string | null;
        detail: string | null;
        at: string;
      }>;
    },

    async search(q) {
      const { total, ids } = searchIds(db, 'service_problems', problemCriteria(q));
      return { total, orders: ids.map((id) => toProblem(row(id)!)) };
    },

    async openWithRootResource(resourceId) {
      return (
        db
          .prepare(
            `SELECT * FROM service_problems WHERE root_resource_id = ? AND state NOT IN ${DONE} ORDER BY created_at, id`,
          )
          .all(resourceId) as ProblemRow[]
      ).map(toProblem);
    },

    async elementsOf(serviceId) {
      const assurance = db.prepare('SELECT assurance FROM services WHERE id = ?').pluck().get(serviceId) as
        string | null | undefined;
      const ids = json.parse<{ resourceIds?: string[] } | null>(assurance ?? null)?.resourceIds ?? [];
      const byId = db.prepare(
        'SELECT id, resource_type, spec_id AS resource_spec_id, parent_id, attributes FROM resources WHERE id = ?',
      );
      return ids.flatMap((id): ServiceElement[] => {
        const r = byId.get(id) as
          | {
              id: string;
              resource_type: string;
              resource_spec_id: string;
              parent_id: string | null;
              attributes: string;
            }
          | undefined;
        if (!r) return [];
        const attributes = json.parse<Record<string, unknown>>(r.attributes) ?? {};
        const text = (k: string) => (typeof attributes[k] === 'string' ? (attributes[k] as string) : null);
        return [
          {
            resourceId: r.id,
            resourceType: r.resource_type,
            resourceSpecId: r.resource_spec_id,
            parentId: r.parent_id,
            supplierId: text('supplierId'),
            requisitionId: text('requisitionId'),
          },
        ];
      });
    },

    async servicesOn(resourceIds) {
      if (resourceIds.length === 0) return [];
      // The elements themselves and everything under them (a node's cards, a card's ports).
      return db
        .prepare(
          `WITH RECURSIVE under(id) AS (
             SELECT value FROM json_each(?)
             UNION SELECT r.id FROM resources r JOIN under u ON r.parent_id = u.id
           )
           SELECT DISTINCT s.id AS serviceId, s.customer_id AS customerId
           FROM resources r JOIN under u ON r.id = u.id JOIN services s ON s.id = r.service_id
           WHERE s.state = 'active' ORDER BY s.id`,
        )
        .all(json.stringify(resourceIds)) as Array<{ serviceId: string; customerId: string }>;
    },
  };
}
