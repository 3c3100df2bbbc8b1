import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { ServiceInventoryPort } from '../../ports/service-inventory';
import { type Db, once } from './database';
import { serviceInventoryRecords, toParameter } from './service-inventory-records';

/** Only these resource types are service identifiers, whose pools SM&O manages. */
const IDENTIFIER_TYPES = ['telephone-number', 'ip-range'];

/** Service identifiers (numbers, address ranges): reserved from their pools for a service, put in service, released. */
export function createSqliteServiceIdentifiers(
  db: Db,
): Pick<
  ServiceInventoryPort,
  'freeIdentifiers' | 'reserveIdentifiers' | 'putIdentifiersInService' | 'releaseIdentifiers' | 'parametersOf'
> {
  const { heldRows, mustService } = serviceInventoryRecords(db);
  return {
    async freeIdentifiers(region, resourceSpecId) {
      return db
        .prepare(
          `SELECT COUNT(*) FROM resources WHERE spec_id = ? AND region = ? AND state = 'available'
             AND resource_type IN (${IDENTIFIER_TYPES.map(() => '?').join(', ')})`,
        )
        .pluck()
        .get(resourceSpecId, region, ...IDENTIFIER_TYPES) as number;
    },

    async reserveIdentifiers(key, req, at) {
      once(db, key, 'reserveIdentifiers', () => {
        const service = mustService(req.serviceId);
        if (service.state === 'terminated') {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service ${req.serviceId} is terminated`,
          );
        }
        const held = heldRows(req.serviceId);
        const pick = db.prepare(
          `SELECT id, name FROM resources
           WHERE spec_id = ? AND region = ? AND state = 'available' AND resource_type IN (${IDENTIFIER_TYPES.map(() => '?').join(', ')})
           ORDER BY id LIMIT ?`,
        );
        const take = db.prepare(
          `UPDATE resources SET state = 'reserved', reservation_id = ?, service_id = ?, customer_id = ?, updated_at = ?
           WHERE id = ? AND state = 'available'`,
        );
        const record = db.prepare(
          `INSERT INTO service_parameters (service_id, name, value, resource_id, resource_spec_id, allocated_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        );
        // Every pool is checked before anything is taken: a shortage anywhere changes nothing.
        const plan = req.needs.map((need) => {
          const missing = need.quantity - held.filter((h) => h.resource_spec_id === need.resourceSpecId).length;
          const free =
            missing > 0
              ? (pick.all(need.resourceSpecId, need.region, ...IDENTIFIER_TYPES, missing) as Array<{
                  id: string;
                  name: string;
                }>)
              : [];
          if (free.length < missing) {
            throw new BusinessRejection(
              BusinessErrorType.ResourceUnavailable,
              `the ${need.resourceSpecId} pool of ${need.region} has ${free.length} free, ${missing} needed`,
              { resourceSpecId: need.resourceSpecId, region: need.region, free: free.length, needed: missing },
            );
          }
          return { need, free, already: need.quantity - missing };
        });
        for (const { need, free, already } of plan) {
          free.forEach((r, i) => {
            take.run(req.serviceOrderId, req.serviceId, req.customerId, at, r.id);
            // The first identifier of a need carries its name; further ones are numbered.
            const n = already + i;
            record.run(
              req.serviceId,
              n === 0 ? need.name : `${need.name}.${n + 1}`,
              r.name,
              r.id,
              need.resourceSpecId,
              at,
            );
          });
        }
        return req.serviceId;
      });
      return heldRows(req.serviceId).map(toParameter);
    },

    async putIdentifiersInService(key, serviceId, at) {
      once(db, key, 'putIdentifiersInService', () => {
        mustService(serviceId);
        const move = db.prepare(
          `UPDATE resources SET state = 'inService', updated_at = ? WHERE id = ? AND state = 'reserved'`,
        );
        for (const p of heldRows(serviceId)) move.run(at, p.resource_id);
        return serviceId;
      });
      return heldRows(serviceId).map(toParameter);
    },

    async releaseIdentifiers(key, serviceId, reason, at, resourceIds) {
      const released = once(db, key, 'releaseIdentifiers', () => {
        mustService(serviceId);
        const held = heldRows(serviceId).filter((p) => !resourceIds || resourceIds.includes(p.resource_id));
        const free = db.prepare(
          `UPDATE resources SET state = 'available', reservation_id = NULL, hold_until = NULL, service_id = NULL, customer_id = NULL,
             updated_at = ? WHERE id = ? AND service_id = ?`,
        );
        const close = db.prepare(
          'UPDATE service_parameters SET released_at = ?, release_reason = ? WHERE service_id = ? AND resource_id = ? AND released_at IS NULL',
        );
        for (const p of held) {
          free.run(at, p.resource_id, serviceId);
          close.run(at, reason, serviceId, p.resource_id);
        }
        return held.map((p) => toParameter({ ...p, released_at: at }));
      });
      return released;
    },

    async parametersOf(serviceId) {
      return heldRows(serviceId).map(toParameter);
    },
  };
}
