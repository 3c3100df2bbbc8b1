import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { RESOURCE_TRANSITIONS, type ResourceState, totalBySpec } from '../../domain/fulfilment/resource-order';
import type { Clock } from '../../ports/clock';
import type { ResourceInventoryPort } from '../../ports/resource-inventory';
import { type RecordRow, type ResourceRow, toAllocated, toRecord } from '../sqlite/resource-inventory';
import { nextId, once, type Pool, type Tx } from './database';
import { sqliteShaped } from './rows';

/**
 * The resource inventory (TMF639) on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/resource-inventory.contract.ts runs on both), for workers on several hosts.
 * A reservation takes rows `FOR UPDATE SKIP LOCKED`: two workers reserving at the same moment
 * take different resources, and neither waits for the other.
 */

const COLUMNS = 'id, spec_id, resource_type, name, state, service_id';

export function createPostgresResourceInventory(pool: Pool, clock: Clock): ResourceInventoryPort {
  const now = () => clock().toISOString();
  const log = (
    tx: Tx,
    id: string,
    from: string,
    to: string,
    reservation: string | null,
    service: string | null,
    why: string,
  ) =>
    tx.query(
      `INSERT INTO resource_state_history (resource_id, from_state, to_state, reservation_id, service_id, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, from, to, reservation, service, why, now()],
    );
  const select = async (where: string, params: unknown[]) =>
    (await pool.query<ResourceRow>(`SELECT ${COLUMNS} FROM resources WHERE ${where} ORDER BY id`, params)).rows;

  const releaseIn = async (tx: Tx, reservationId: string, reason: string): Promise<string[]> => {
    const { rows } = await tx.query<{ id: string; state: ResourceState; service_id: string | null; supplied: boolean }>(
      `SELECT id, state, service_id, attributes ? 'supplierId' AS supplied FROM resources
       WHERE reservation_id = $1 AND state <> 'retired' ORDER BY id FOR UPDATE`,
      [reservationId],
    );
    for (const r of rows) {
      // A supplier's delivery goes back to the supplier (retired); our own stock to the pool.
      const to: ResourceState = r.supplied ? 'retired' : 'available';
      await tx.query(
        `UPDATE resources SET state = $1, reservation_id = NULL, hold_until = NULL, service_id = NULL, customer_id = NULL, updated_at = $2
         WHERE id = $3`,
        [to, now(), r.id],
      );
      await log(tx, r.id, r.state, to, reservationId, r.service_id, reason);
    }
    return rows.map((r) => r.id);
  };

  return {
    async checkAvailability(region, needs) {
      const lines = [];
      for (const n of needs) {
        const { rows } = await pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM resources WHERE spec_id = $1 AND region = $2 AND state = 'available'",
          [n.resourceSpecId, region],
        );
        const available = Number(rows[0]!.n);
        const supplierContracts =
          available >= n.quantity
            ? []
            : (
                await pool.query<{ id: string }>(
                  'SELECT id FROM supplier_contracts WHERE resource_spec_id = $1 AND region = $2 AND valid_until >= $3::date ORDER BY id',
                  [n.resourceSpecId, region, now().slice(0, 10)],
                )
              ).rows.map((r) => r.id);
        lines.push({ resourceSpecId: n.resourceSpecId, needed: n.quantity, available, supplierContracts });
      }
      return { region, lines };
    },

    async reserve(key, req) {
      const ids = await once(pool, key, 'reserveResources', async (tx) => {
        const taken: string[] = [];
        for (const [specId, quantity] of totalBySpec(req.needs)) {
          const mine = (
            await tx.query<{ id: string }>(
              "SELECT id FROM resources WHERE spec_id = $1 AND reservation_id = $2 AND service_id = $3 AND state = 'reserved' ORDER BY id LIMIT $4",
              [specId, req.reservationId, req.serviceId, quantity],
            )
          ).rows.map((r) => r.id);
          const missing = quantity - mine.length;
          const free = (
            await tx.query<{ id: string }>(
              `SELECT id FROM resources WHERE spec_id = $1 AND region = $2 AND state = 'available'
               ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
              [specId, req.region, missing],
            )
          ).rows.map((r) => r.id);
          if (free.length < missing) {
            const { rows } = await tx.query<{ n: string }>(
              "SELECT count(*) AS n FROM resources WHERE spec_id = $1 AND region = $2 AND state = 'available'",
              [specId, req.region],
            );
            // Some of the pool is locked by reservations in flight, which may still roll back:
            // not a business "no" yet. A plain error rolls this one back and the activity retries.
            if (Number(rows[0]!.n) >= missing)
              throw new Error(`${specId} in ${req.region} is being reserved concurrently: retry`);
            throw new BusinessRejection(
              BusinessErrorType.ResourceUnavailable,
              `no ${specId} available in ${req.region} (${free.length} of ${missing})`,
              { resourceSpecId: specId, region: req.region, available: free.length, needed: missing },
            );
          }
          for (const id of free) {
            await tx.query(
              `UPDATE resources SET state = 'reserved', reservation_id = $1, hold_until = $2, service_id = $3, customer_id = $4, updated_at = $5
               WHERE id = $6`,
              [req.reservationId, req.holdUntil, req.serviceId, req.customerId, now(), id],
            );
            await log(
              tx,
              id,
              'available',
              'reserved',
              req.reservationId,
              req.serviceId,
              `reserved until ${req.holdUntil}`,
            );
          }
          taken.push(...mine, ...free);
        }
        return taken;
      });
      return ids.length ? (await select('id = ANY($1)', [ids])).map(toAllocated) : [];
    },

    async registerSuppliedResource(key, r) {
      const id = await once(pool, key, 'registerSuppliedResource', async (tx) => {
        const spec = await tx.query<{ resource_type: string }>(
          'SELECT resource_type FROM resource_specs WHERE id = $1',
          [r.resourceSpecId],
        );
        if (!spec.rows[0])
          throw new BusinessRejection(BusinessErrorType.NotFound, `no resource specification ${r.resourceSpecId}`);
        const resourceId = await nextId(tx, 'SUPRES');
        await tx.query(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, attributes, state, reservation_id, service_id, customer_id, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'reserved', $7, $8, $9, $10)`,
          [
            resourceId,
            r.resourceSpecId,
            spec.rows[0].resource_type,
            r.name,
            r.region,
            JSON.stringify({ ...r.attributes, supplierId: r.supplierId, supplierReference: r.supplierReference }),
            r.reservationId,
            r.serviceId,
            r.customerId,
            now(),
          ],
        );
        await log(
          tx,
          resourceId,
          'available',
          'reserved',
          r.reservationId,
          r.serviceId,
          `delivered by ${r.supplierId}`,
        );
        return resourceId;
      });
      return toAllocated((await select('id = $1', [id]))[0]!);
    },

    async transition(key, resourceIds, from, to, reason) {
      await once(pool, key, `transitionResources:${from}:${to}`, async (tx) => {
        if (!RESOURCE_TRANSITIONS[from]?.includes(to))
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `a resource cannot go from ${from} to ${to}`,
          );
        for (const id of resourceIds) {
          const { rows } = await tx.query<{
            state: ResourceState;
            reservation_id: string | null;
            service_id: string | null;
          }>('SELECT state, reservation_id, service_id FROM resources WHERE id = $1 FOR UPDATE', [id]);
          const row = rows[0];
          if (!row) throw new BusinessRejection(BusinessErrorType.NotFound, `no resource ${id}`);
          if (row.state !== from)
            throw new BusinessRejection(
              BusinessErrorType.InvalidStateTransition,
              `resource ${id} is ${row.state}, not ${from}`,
            );
          await tx.query(
            to === 'available'
              ? `UPDATE resources SET state = $1, reservation_id = NULL, hold_until = NULL, service_id = NULL, customer_id = NULL, updated_at = $2 WHERE id = $3`
              : 'UPDATE resources SET state = $1, hold_until = NULL, updated_at = $2 WHERE id = $3',
            [to, now(), id],
          );
          await log(tx, id, from, to, row.reservation_id, row.service_id, reason);
        }
        return resourceIds.length;
      });
      return resourceIds.length ? (await select('id = ANY($1)', [resourceIds])).map(toAllocated) : [];
    },

    async release(key, reservationId, reason) {
      return once(pool, key, 'releaseReservation', (tx) => releaseIn(tx, reservationId, reason));
    },

    async releaseExpiredHolds(key, at) {
      return once(pool, key, 'releaseExpiredHolds', async (tx) => {
        const { rows } = await tx.query<{ reservation_id: string }>(
          `SELECT DISTINCT reservation_id FROM resources
           WHERE state = 'reserved' AND hold_until IS NOT NULL AND hold_until < $1::timestamptz ORDER BY reservation_id`,
          [at],
        );
        for (const r of rows) await releaseIn(tx, r.reservation_id, 'reservation hold expired');
        return rows.map((r) => r.reservation_id);
      });
    },

    async byReservation(reservationId) {
      return (await select('reservation_id = $1', [reservationId])).map(toAllocated);
    },
    async byService(serviceId) {
      return (await select("service_id = $1 AND state <> 'retired'", [serviceId])).map(toAllocated);
    },
    async byCustomer(customerId) {
      return (await select('customer_id = $1', [customerId])).map((r) => ({
        ...toAllocated(r),
        serviceId: r.service_id,
      }));
    },
    async search(q) {
      const clauses: string[] = [];
      const params: unknown[] = [];
      const anyOf: Array<[string, readonly string[] | undefined]> = [
        ['id', q.ids],
        ['state', q.states],
        ['spec_id', q.resourceSpecIds],
        ['service_id', q.serviceIds],
        ['customer_id', q.customerIds],
      ];
      for (const [column, values] of anyOf) {
        if (!values) continue;
        params.push(values);
        clauses.push(`${column} = ANY($${params.length})`);
      }
      const COMPARE = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
      for (const d of q.dates ?? []) {
        params.push(d.value);
        clauses.push(`updated_at ${COMPARE[d.op]} $${params.length}::timestamptz`);
      }
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      const total = Number(
        (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM resources ${where}`, params)).rows[0]!.n,
      );
      const { rows } = await pool.query(
        `SELECT * FROM resources ${where} ORDER BY updated_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.limit, q.offset],
      );
      return { total, orders: rows.map((r) => toRecord(sqliteShaped<RecordRow>(r))) };
    },
  };
}
