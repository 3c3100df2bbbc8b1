import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canMove, SERVICE_PROBLEM_TRANSITIONS } from '../../domain/assurance/states';
import type { Clock } from '../../ports/clock';
import type { ServiceElement, ServiceProblemEvent, ServiceProblemPort } from '../../ports/service-problems';
import { type ProblemRow, problemCriteria, toProblem } from '../sqlite/service-problems';
import { DONE } from '../sqlite/trouble-tickets';
import { once, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';
import { rowById, shapedRows, updateColumns } from './rows';
import { searchIds } from './search';

/**
 * TMF656 service problems on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/service-problems.contract.ts runs on both). A change locks its problem's row, so
 * workers moving one problem at once are judged one after the other against the state table.
 * The elements a service runs on and the services on an element are read from the service
 * inventory's tables (migration 021), as the SQLite adapter reads them.
 */

type History = Awaited<ReturnType<ServiceProblemPort['history']>>;

export function createPostgresServiceProblems(pool: Pool, clock: Clock): ServiceProblemPort {
  const now = () => clock().toISOString();
  const { row, must } = rowById<ProblemRow>('service_problems', 'service problem');
  const problem = async (id: string) => toProblem(await must(pool, id));
  const recordMove = (
    tx: Tx,
    id: string,
    from: string | null,
    to: string,
    process: string | null,
    detail: string | null,
    at: string,
  ) =>
    tx.query(
      `INSERT INTO service_problem_history (service_problem_id, from_state, to_state, process, detail, at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, from, to, process, detail, at],
    );
  /**
   * Stores the event of a change in its transaction. The event asks synchronously whether a
   * ticket is recorded: the ones it may ask of — the customer's, and SM&O's notice, whose id ends
   * with the problem's — are read first.
   */
  const publish = async (tx: Tx, event: ServiceProblemEvent | undefined, id: string, at: string) => {
    if (!event) return;
    const p = toProblem(await must(tx, id));
    const changed = await tx.query<{ at: Date }>(
      'SELECT at FROM service_problem_history WHERE service_problem_id = $1 ORDER BY seq DESC LIMIT 1',
      [id],
    );
    const tickets = await tx.query<{ id: string }>(
      'SELECT id FROM trouble_tickets WHERE id = $1 OR right(id, length($2)) = $2',
      [p.troubleTicketId, id],
    );
    const recorded = new Set(tickets.rows.map((t) => t.id));
    const detail = { changedAt: changed.rows[0]?.at.toISOString(), ticketRecorded: (t: string) => recorded.has(t) };
    await appendEvent(tx, event(p, detail), at);
  };

  return {
    async record(key, p, event) {
      await once(pool, key, 'recordServiceProblem', async (tx) => {
        const at = now();
        // The same problem recorded under another key (by another worker too) is the first one's.
        const inserted = await tx.query(
          `INSERT INTO service_problems (id, origin, service_id, customer_id, description, urgency, state,
             trouble_ticket_id, resource_trouble_id, workflow_id, started_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'acknowledged', $7, $8, $9, $10, $10, $10) ON CONFLICT (id) DO NOTHING`,
          [
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
          ],
        );
        if (inserted.rowCount === 0) return p.id;
        await recordMove(tx, p.id, null, 'acknowledged', '1.A.2.3.1', p.description, at);
        await publish(tx, event, p.id, at);
        return p.id;
      });
      return problem(p.id);
    },

    async get(id) {
      const r = await row(pool, id);
      return r && toProblem(r);
    },

    async transition(key, id, to, process, detail, event) {
      await once(pool, key, `serviceProblemState:${to}`, async (tx) => {
        const p = await must(tx, id, true);
        if (p.state === to) return id;
        if (!canMove(SERVICE_PROBLEM_TRANSITIONS, p.state, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service problem ${id} cannot go from ${p.state} to ${to}`,
            { from: p.state, to },
          );
        }
        const at = now();
        await tx.query(
          `UPDATE service_problems SET state = $1, updated_at = $2,
             closed_at = CASE WHEN $1 IN ('closed', 'cancelled', 'rejected') THEN $2::timestamptz ELSE closed_at END
           WHERE id = $3`,
          [to, at, id],
        );
        await recordMove(tx, id, p.state, to, process, detail, at);
        await publish(tx, event, id, at);
        return id;
      });
      return problem(id);
    },

    async update(key, id, change) {
      await once(pool, key, 'updateServiceProblem', async (tx) => {
        await must(tx, id, true);
        const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
        await updateColumns(tx, 'service_problems', id, {
          impact: json(change.impact),
          estimated_restoration: change.estimatedRestoration,
          root_cause: json(change.rootCause),
          root_resource_id: change.rootCause === undefined ? undefined : (change.rootCause?.resourceId ?? null),
          correlated_with: change.correlatedWith,
          plan: json(change.plan),
          resolution: change.resolution,
          restored_at: change.restoredAt,
          updated_at: now(),
        });
        return id;
      });
      return problem(id);
    },

    async note(key, id, process, detail) {
      await once(pool, key, 'noteServiceProblem', async (tx) => {
        const p = await must(tx, id, true);
        await recordMove(tx, id, p.state, p.state, process, detail, now());
        return id;
      });
    },

    async history(id) {
      const { rows } = await pool.query(
        `SELECT from_state AS "from", to_state AS "to", process, detail, at FROM service_problem_history
         WHERE service_problem_id = $1 ORDER BY seq`,
        [id],
      );
      return shapedRows<History[number]>(rows);
    },

    async search(q) {
      const { total, ids } = await searchIds(pool, 'service_problems', { ...problemCriteria(q), newest: 'created_at' });
      return { total, orders: await Promise.all(ids.map(problem)) };
    },

    async openWithRootResource(resourceId) {
      const { rows } = await pool.query(
        `SELECT * FROM service_problems WHERE root_resource_id = $1 AND state NOT IN ${DONE} ORDER BY created_at, id`,
        [resourceId],
      );
      return shapedRows<ProblemRow>(rows).map(toProblem);
    },

    async elementsOf(serviceId) {
      // The assurance record handed over on activation lists the elements, in its order.
      const { rows } = await pool.query<{
        id: string;
        resource_type: string;
        spec_id: string;
        parent_id: string | null;
        attributes: Record<string, unknown>;
      }>(
        `SELECT r.id, r.resource_type, r.spec_id, r.parent_id, r.attributes
         FROM services s CROSS JOIN LATERAL jsonb_array_elements_text(CASE
             WHEN jsonb_typeof(s.assurance -> 'resourceIds') = 'array' THEN s.assurance -> 'resourceIds' ELSE '[]' END)
           WITH ORDINALITY e(id, n)
         JOIN resources r ON r.id = e.id
         WHERE s.id = $1 ORDER BY e.n`,
        [serviceId],
      );
      return rows.map((r): ServiceElement => {
        const text = (k: string) => (typeof r.attributes[k] === 'string' ? (r.attributes[k] as string) : null);
        return {
          resourceId: r.id,
          resourceType: r.resource_type,
          resourceSpecId: r.spec_id,
          parentId: r.parent_id,
          supplierId: text('supplierId'),
          requisitionId: text('requisitionId'),
        };
      });
    },

    async servicesOn(resourceIds) {
      if (resourceIds.length === 0) return [];
      // The elements themselves and everything under them (a node's cards, a card's ports).
      const { rows } = await pool.query<{ serviceId: string; customerId: string }>(
        `WITH RECURSIVE under(id) AS (
           SELECT unnest($1::text[])
           UNION SELECT r.id FROM resources r JOIN under u ON r.parent_id = u.id
         )
         SELECT DISTINCT s.id AS "serviceId", s.customer_id AS "customerId"
         FROM resources r JOIN under u ON r.id = u.id JOIN services s ON s.id = r.service_id
         WHERE s.state = 'active' ORDER BY s.id`,
        [resourceIds],
      );
      return rows;
    },
  };
}
