import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import {
  type AllocatedResource,
  RESOURCE_TRANSITIONS,
  type ResourceState,
  totalBySpec,
} from '../../domain/fulfilment/resource-order';
import type { Clock } from '../../ports/clock';
import type { ResourceInventoryPort, ResourceRecord } from '../../ports/resource-inventory';
import { type Db, json, nextId, once } from './database';
import { searchIds } from './search';

/** A resources row in this store's shape; the PostgreSQL adapter maps its rows with these too. */
export interface ResourceRow {
  id: string;
  spec_id: string;
  resource_type: string;
  name: string;
  state: ResourceState;
  service_id: string | null;
}

export const toAllocated = (r: ResourceRow): AllocatedResource => ({
  id: r.id,
  resourceSpecId: r.spec_id,
  resourceType: r.resource_type,
  name: r.name,
  state: r.state,
});

export interface RecordRow extends ResourceRow {
  region: string;
  site: string | null;
  parent_id: string | null;
  attributes: string;
  customer_id: string | null;
  updated_at: string;
}

export const toRecord = (r: RecordRow): ResourceRecord => ({
  ...toAllocated(r),
  region: r.region,
  site: r.site,
  parentId: r.parent_id,
  attributes: json.parse<Record<string, unknown>>(r.attributes),
  serviceId: r.service_id,
  customerId: r.customer_id,
  updatedAt: r.updated_at,
});

export function createSqliteResourceInventory(db: Db, clock: Clock): ResourceInventoryPort {
  const now = () => clock().toISOString();
  const log = db.prepare(
    `INSERT INTO resource_state_history (resource_id, from_state, to_state, reservation_id, service_id, reason, at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const select = (where: string, ...args: unknown[]) =>
    db
      .prepare(`SELECT id, spec_id, resource_type, name, state, service_id FROM resources WHERE ${where} ORDER BY id`)
      .all(...args) as ResourceRow[];

  const release = (key: string, reservationId: string, reason: string): string[] =>
    once(db, key, 'releaseReservation', () => {
      const rows = db
        .prepare(
          "SELECT id, state, service_id, attributes FROM resources WHERE reservation_id = ? AND state <> 'retired' ORDER BY id",
        )
        .all(reservationId) as Array<{
        id: string;
        state: ResourceState;
        service_id: string | null;
        attributes: string;
      }>;
      for (const r of rows) {
        // A supplier's delivery is not ours to keep once its service is gone: it is retired
        // (returned to the supplier); our own stock goes back to the pool as it was.
        const supplied = 'supplierId' in json.parse<Record<string, unknown>>(r.attributes);
        const to: ResourceState = supplied ? 'retired' : 'available';
        db.prepare(
          `UPDATE resources SET state = ?, reservation_id = NULL, hold_until = NULL, service_id = NULL, customer_id = NULL, updated_at = ?
           WHERE id = ?`,
        ).run(to, now(), r.id);
        log.run(r.id, r.state, to, reservationId, r.service_id, reason, now());
      }
      return rows.map((r) => r.id);
    });

  return {
    async checkAvailability(region, needs) {
      const lines = needs.map((n) => {
        const available = db
          .prepare("SELECT COUNT(*) FROM resources WHERE spec_id = ? AND region = ? AND state = 'available'")
          .pluck()
          .get(n.resourceSpecId, region) as number;
        const supplierContracts =
          available >= n.quantity
            ? []
            : (db
                .prepare(
                  'SELECT id FROM supplier_contracts WHERE resource_spec_id = ? AND region = ? AND valid_until >= ? ORDER BY id',
                )
                .pluck()
                .all(n.resourceSpecId, region, now().slice(0, 10)) as string[]);
        return { resourceSpecId: n.resourceSpecId, needed: n.quantity, available, supplierContracts };
      });
      return { region, lines };
    },

    async reserve(key, req) {
      const ids = once(db, key, 'reserveResources', () => {
        const taken: string[] = [];
        for (const [specId, quantity] of totalBySpec(req.needs)) {
          // Resources already reserved for this service under this reservation (a supplier's
          // delivery, or an earlier attempt) count first; then the lowest available ids, so
          // picks are reproducible.
          const mine = db
            .prepare(
              "SELECT id FROM resources WHERE spec_id = ? AND reservation_id = ? AND service_id = ? AND state = 'reserved' ORDER BY id LIMIT ?",
            )
            .pluck()
            .all(specId, req.reservationId, req.serviceId, quantity) as string[];
          const missing = quantity - mine.length;
          const free = db
            .prepare(
              "SELECT id FROM resources WHERE spec_id = ? AND region = ? AND state = 'available' ORDER BY id LIMIT ?",
            )
            .pluck()
            .all(specId, req.region, missing) as string[];
          if (free.length < missing) {
            // Throwing inside the transaction rolls back what earlier needs took: all or nothing.
            throw new BusinessRejection(
              BusinessErrorType.ResourceUnavailable,
              `no ${specId} available in ${req.region} (${free.length} of ${missing})`,
              { resourceSpecId: specId, region: req.region, available: free.length, needed: missing },
            );
          }
          for (const id of free) {
            db.prepare(
              `UPDATE resources SET state = 'reserved', reservation_id = ?, hold_until = ?, service_id = ?, customer_id = ?, updated_at = ?
               WHERE id = ?`,
            ).run(req.reservationId, req.holdUntil, req.serviceId, req.customerId, now(), id);
            log.run(
              id,
              'available',
              'reserved',
              req.reservationId,
              req.serviceId,
              `reserved until ${req.holdUntil}`,
              now(),
            );
          }
          taken.push(...mine, ...free);
        }
        return taken;
      });
      return select(`id IN (${ids.map(() => '?').join(',') || "''"})`, ...ids).map(toAllocated);
    },

    async registerSuppliedResource(key, r) {
      const id = once(db, key, 'registerSuppliedResource', () => {
        const resourceId = nextId(db, 'SUPRES');
        const type = db
          .prepare('SELECT resource_type FROM resource_specs WHERE id = ?')
          .pluck()
          .get(r.resourceSpecId) as string | undefined;
        if (!type)
          throw new BusinessRejection(BusinessErrorType.NotFound, `no resource specification ${r.resourceSpecId}`);
        db.prepare(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, attributes, state, reservation_id, service_id, customer_id, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ?, ?)`,
        ).run(
          resourceId,
          r.resourceSpecId,
          type,
          r.name,
          r.region,
          json.stringify({ ...r.attributes, supplierId: r.supplierId, supplierReference: r.supplierReference }),
          r.reservationId,
          r.serviceId,
          r.customerId,
          now(),
        );
        log.run(
          resourceId,
          'available',
          'reserved',
          r.reservationId,
          r.serviceId,
          `delivered by ${r.supplierId}`,
          now(),
        );
        return resourceId;
      });
      return toAllocated(select('id = ?', id)[0]!);
    },

    async transition(key, resourceIds, from, to, reason) {
      once(db, key, `transitionResources:${from}:${to}`, () => {
        if (!RESOURCE_TRANSITIONS[from]?.includes(to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `a resource cannot go from ${from} to ${to}`,
          );
        }
        for (const id of resourceIds) {
          const row = db.prepare('SELECT state, reservation_id, service_id FROM resources WHERE id = ?').get(id) as
            { state: ResourceState; reservation_id: string | null; service_id: string | null } | undefined;
          if (!row) throw new BusinessRejection(BusinessErrorType.NotFound, `no resource ${id}`);
          if (row.state !== from) {
            throw new BusinessRejection(
              BusinessErrorType.InvalidStateTransition,
              `resource ${id} is ${row.state}, not ${from}`,
            );
          }
          if (to === 'available') {
            // Back in the pool: an available resource serves nobody.
            db.prepare(
              `UPDATE resources SET state = ?, reservation_id = NULL, hold_until = NULL, service_id = NULL, customer_id = NULL, updated_at = ?
               WHERE id = ?`,
            ).run(to, now(), id);
          } else {
            // Once configured, the hold is over: the resource is committed to its service.
            db.prepare('UPDATE resources SET state = ?, hold_until = NULL, updated_at = ? WHERE id = ?').run(
              to,
              now(),
              id,
            );
          }
          log.run(id, from, to, row.reservation_id, row.service_id, reason, now());
        }
        return resourceIds.length;
      });
      return resourceIds.length
        ? select(`id IN (${resourceIds.map(() => '?').join(',')})`, ...resourceIds).map(toAllocated)
        : [];
    },

    async release(key, reservationId, reason) {
      return release(key, reservationId, reason);
    },

    async releaseExpiredHolds(key, at) {
      return once(db, key, 'releaseExpiredHolds', () => {
        const expired = db
          .prepare(
            "SELECT DISTINCT reservation_id FROM resources WHERE state = 'reserved' AND hold_until IS NOT NULL AND hold_until < ? ORDER BY reservation_id",
          )
          .pluck()
          .all(at) as string[];
        for (const reservationId of expired)
          release(`${key}/${reservationId}`, reservationId, 'reservation hold expired');
        return expired;
      });
    },

    async byReservation(reservationId) {
      return select('reservation_id = ?', reservationId).map(toAllocated);
    },
    async byService(serviceId) {
      return select("service_id = ? AND state <> 'retired'", serviceId).map(toAllocated);
    },
    async byCustomer(customerId) {
      return select('customer_id = ?', customerId).map((r) => ({ ...toAllocated(r), serviceId: r.service_id }));
    },
    async search(q) {
      const { total, ids } = searchIds(db, 'resources', {
        anyOf: [
          ['id', q.ids],
          ['state', q.states],
          ['spec_id', q.resourceSpecIds],
          ['service_id', q.serviceIds],
          ['customer_id', q.customerIds],
        ],
        dates: q.dates,
        dateColumns: { updatedAt: 'updated_at' },
        newest: 'updated_at',
        offset: q.offset,
        limit: q.limit,
      });
      const one = db.prepare('SELECT * FROM resources WHERE id = ?');
      return { total, orders: ids.map((id) => toRecord(one.get(id) as RecordRow)) };
    },
  };
}
