import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { ServiceInventoryPort } from '../../ports/service-inventory';
import { once, type Pool } from './database';
import { heldRows, mustService, toParameter } from './service-inventory-records';

/** Only these resource types are service identifiers, whose pools SM&O manages. */
const IDENTIFIER_TYPES = ['telephone-number', 'ip-range'];

/**
 * Service identifiers (numbers, address ranges) on PostgreSQL: reserved from their pools for a
 * service, put in service, released. Workers on several hosts reserving at once never take one
 * identifier twice: the service's row is locked (one reservation per service at a time), the free
 * identifiers are taken `FOR UPDATE SKIP LOCKED` (two services take different ones, neither
 * waits; too few unlocked while enough are free is contention, a plain error the activity
 * retries, not ResourceUnavailable), and an identifier held by a service is unique in
 * service_parameters.
 */
export function createPostgresServiceIdentifiers(
  pool: Pool,
): Pick<
  ServiceInventoryPort,
  'freeIdentifiers' | 'reserveIdentifiers' | 'putIdentifiersInService' | 'releaseIdentifiers' | 'parametersOf'
> {
  return {
    async freeIdentifiers(region, resourceSpecId) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM resources WHERE spec_id = $1 AND region = $2 AND state = 'available'
           AND resource_type = ANY($3)`,
        [resourceSpecId, region, IDENTIFIER_TYPES],
      );
      return Number(rows[0]!.n);
    },

    async reserveIdentifiers(key, req, at) {
      await once(pool, key, 'reserveIdentifiers', async (tx) => {
        const service = await mustService(tx, req.serviceId, true);
        if (service.state === 'terminated')
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service ${req.serviceId} is terminated`,
          );
        const held = await heldRows(tx, req.serviceId);
        // Every pool is checked before anything is taken: a shortage anywhere changes nothing
        // (the transaction rolls back, the locks taken so far go with it).
        const plan = [];
        for (const need of req.needs) {
          const missing = need.quantity - held.filter((h) => h.resource_spec_id === need.resourceSpecId).length;
          const free =
            missing > 0
              ? (
                  await tx.query<{ id: string; name: string }>(
                    `SELECT id, name FROM resources
                     WHERE spec_id = $1 AND region = $2 AND state = 'available' AND resource_type = ANY($3)
                     ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED`,
                    [need.resourceSpecId, need.region, IDENTIFIER_TYPES, missing],
                  )
                ).rows
              : [];
          if (free.length < missing) {
            const { rows } = await tx.query<{ n: string }>(
              `SELECT count(*) AS n FROM resources
               WHERE spec_id = $1 AND region = $2 AND state = 'available' AND resource_type = ANY($3)`,
              [need.resourceSpecId, need.region, IDENTIFIER_TYPES],
            );
            // Some of the pool is locked by reservations in flight, which may still roll back: not
            // a business "no" yet. A plain error rolls this one back and the activity retries.
            if (Number(rows[0]!.n) >= missing)
              throw new Error(
                `the ${need.resourceSpecId} pool of ${need.region} is being reserved concurrently: retry`,
              );
            throw new BusinessRejection(
              BusinessErrorType.ResourceUnavailable,
              `the ${need.resourceSpecId} pool of ${need.region} has ${free.length} free, ${missing} needed`,
              { resourceSpecId: need.resourceSpecId, region: need.region, free: free.length, needed: missing },
            );
          }
          plan.push({ need, free, already: need.quantity - missing });
        }
        for (const { need, free, already } of plan) {
          for (const [i, r] of free.entries()) {
            await tx.query(
              `UPDATE resources SET state = 'reserved', reservation_id = $1, service_id = $2, customer_id = $3, updated_at = $4
               WHERE id = $5 AND state = 'available'`,
              [req.serviceOrderId, req.serviceId, req.customerId, at, r.id],
            );
            // The first identifier of a need carries its name; further ones are numbered.
            const n = already + i;
            await tx.query(
              `INSERT INTO service_parameters (service_id, name, value, resource_id, resource_spec_id, allocated_at)
               VALUES ($1, $2, $3, $4, $5, $6)`,
              [req.serviceId, n === 0 ? need.name : `${need.name}.${n + 1}`, r.name, r.id, need.resourceSpecId, at],
            );
          }
        }
        return req.serviceId;
      });
      return (await heldRows(pool, req.serviceId)).map(toParameter);
    },

    async putIdentifiersInService(key, serviceId, at) {
      await once(pool, key, 'putIdentifiersInService', async (tx) => {
        await mustService(tx, serviceId, true);
        await tx.query(
          `UPDATE resources SET state = 'inService', updated_at = $1
           WHERE state = 'reserved' AND id IN (SELECT resource_id FROM service_parameters WHERE service_id = $2 AND released_at IS NULL)`,
          [at, serviceId],
        );
        return serviceId;
      });
      return (await heldRows(pool, serviceId)).map(toParameter);
    },

    // Given resourceIds, only those of them the service holds (a modify's extra range given back).
    async releaseIdentifiers(key, serviceId, reason, at, resourceIds) {
      return once(pool, key, 'releaseIdentifiers', async (tx) => {
        await mustService(tx, serviceId, true);
        const held = (await heldRows(tx, serviceId)).filter((p) => !resourceIds || resourceIds.includes(p.resource_id));
        for (const p of held) {
          await tx.query(
            `UPDATE resources SET state = 'available', reservation_id = NULL, hold_until = NULL, service_id = NULL,
               customer_id = NULL, updated_at = $1 WHERE id = $2 AND service_id = $3`,
            [at, p.resource_id, serviceId],
          );
          await tx.query(
            `UPDATE service_parameters SET released_at = $1, release_reason = $2
             WHERE service_id = $3 AND resource_id = $4 AND released_at IS NULL`,
            [at, reason, serviceId, p.resource_id],
          );
        }
        return held.map((p) => toParameter({ ...p, released_at: at }));
      });
    },

    async parametersOf(serviceId) {
      return (await heldRows(pool, serviceId)).map(toParameter);
    },
  };
}
