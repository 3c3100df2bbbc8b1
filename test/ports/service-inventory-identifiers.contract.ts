import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import { rejection } from './harness';
import { AT, numbers, orderAndService, LATER, retried, type WithStore } from './service-inventory-fixtures';

/**
 * The identifier pools of 1.F.2.2.2 (part of service-inventory.contract.ts): identifiers reserved
 * all or nothing from the lowest free, never twice — also when workers reserve at once.
 */
export function identifierPoolsContract(adapter: string, withStore: WithStore): void {
  describe(`service inventory port on ${adapter}: identifier pools`, () => {
    it(
      'reserves the lowest free identifiers, deterministically, all or nothing, and a held need again changes nothing',
      withStore(async (h) => {
        const s = await orderAndService(h);
        const request = { serviceId: s.id, serviceOrderId: 'SO-1', customerId: 'CUST-1', needs: numbers(2) };
        const params = await h.port.reserveIdentifiers('r1', request, AT);
        expect(params).toEqual([
          {
            serviceId: s.id,
            name: 'telephoneNumber',
            value: '+33170000000',
            resourceId: 'TN-33170000000',
            resourceSpecId: 'RS-TEL-NUMBER',
            allocatedAt: AT,
            releasedAt: null,
          },
          {
            serviceId: s.id,
            name: 'telephoneNumber.2',
            value: '+33170000001',
            resourceId: 'TN-33170000001',
            resourceSpecId: 'RS-TEL-NUMBER',
            allocatedAt: AT,
            releasedAt: null,
          },
        ]);
        expect(await h.port.reserveIdentifiers('r1-other-key', request, AT)).toEqual(params);
        expect(await h.port.freeIdentifiers('PAR', 'RS-TEL-NUMBER')).toBe(8);
        expect((await h.resources()).find((r) => r.id === 'TN-33170000000')).toEqual({
          id: 'TN-33170000000',
          state: 'reserved',
          reservationId: 'SO-1',
          serviceId: s.id,
        });

        const t = await orderAndService(h, 'SO-2');
        const before = await h.resources();
        const short = await rejection(
          h.port.reserveIdentifiers(
            'r2',
            {
              serviceId: t.id,
              serviceOrderId: 'SO-2',
              customerId: 'CUST-1',
              needs: [...numbers(1, 'LYO'), ...numbers(9)],
            },
            AT,
          ),
        );
        expect(short).toMatchObject({ type: BusinessErrorType.ResourceUnavailable, details: { free: 8, needed: 9 } });
        expect(await h.resources()).toEqual(before);
        expect(await h.port.parametersOf(t.id)).toEqual([]);
        // A port is a resource, not an identifier: its pool has none to give.
        const port = await rejection(
          h.port.reserveIdentifiers(
            'r3',
            {
              serviceId: t.id,
              serviceOrderId: 'SO-2',
              customerId: 'CUST-1',
              needs: [{ name: 'port', resourceSpecId: 'RS-ACCESS-PORT', region: 'PAR', quantity: 1 }],
            },
            AT,
          ),
        );
        expect(port.type).toBe(BusinessErrorType.ResourceUnavailable);
        expect(await h.port.freeIdentifiers('PAR', 'RS-ACCESS-PORT')).toBe(0);
      }),
    );

    it(
      'puts identifiers in service, then releases them (once per key) to exactly the state they were in',
      withStore(async (h) => {
        const before = await h.resources();
        const s = await orderAndService(h);
        await h.port.reserveIdentifiers(
          'r',
          { serviceId: s.id, serviceOrderId: 'SO-1', customerId: 'CUST-1', needs: numbers(1) },
          AT,
        );
        const live = await h.port.putIdentifiersInService('in', s.id, AT);
        expect(live.map((p) => p.resourceId)).toEqual(['TN-33170000000']);
        expect((await h.resources()).find((r) => r.id === 'TN-33170000000')?.state).toBe('inService');
        const released = await h.port.releaseIdentifiers('rel', s.id, 'ceased', LATER);
        expect(released).toEqual([{ ...live[0], releasedAt: LATER }]);
        expect(await h.port.releaseIdentifiers('rel', s.id, 'ceased', LATER)).toEqual(released);
        expect(await h.resources()).toEqual(before);
        expect(await h.port.parametersOf(s.id)).toEqual([]);
        // A terminated service takes no identifiers.
        await h.port.transitionService('end', s.id, 'terminated', 'ceased', LATER);
        expect(
          (
            await rejection(
              h.port.reserveIdentifiers(
                'r2',
                { serviceId: s.id, serviceOrderId: 'SO-1', customerId: 'CUST-1', needs: numbers(1) },
                LATER,
              ),
            )
          ).type,
        ).toBe(BusinessErrorType.InvalidStateTransition);
      }),
    );

    it(
      'given resource ids, releases only those the service holds; the others stay held as they are',
      withStore(async (h) => {
        const s = await orderAndService(h);
        const req = { serviceId: s.id, serviceOrderId: 'SO-1', customerId: 'CUST-1', needs: numbers(3) };
        await h.port.reserveIdentifiers('r', req, AT);
        const released = await h.port.releaseIdentifiers('rel', s.id, 'range no longer needed', LATER, [
          'TN-33170000001',
          'TN-33170000009',
        ]);
        expect(released.map((p) => [p.resourceId, p.releasedAt])).toEqual([['TN-33170000001', LATER]]);
        expect((await h.port.parametersOf(s.id)).map((p) => p.resourceId)).toEqual([
          'TN-33170000000',
          'TN-33170000002',
        ]);
        const states = Object.fromEntries((await h.resources()).map((r) => [r.id, [r.state, r.serviceId]]));
        expect(states['TN-33170000001']).toEqual(['available', null]);
        expect(states['TN-33170000002']).toEqual(['reserved', s.id]);
        expect(await h.port.freeIdentifiers('PAR', 'RS-TEL-NUMBER')).toBe(8);
      }),
    );

    it(
      'concurrent workers: six services reserving three numbers each at once from ten never share one',
      withStore(async (h) => {
        const services = [];
        for (let i = 1; i <= 6; i++) services.push(await orderAndService(h, `SO-${i}`));
        // Contention (numbers locked by a reservation in flight) is a plain error an activity
        // retries; only a pool really short is refused.
        const results = await Promise.allSettled(
          services.map((s) =>
            retried(() =>
              h.port.reserveIdentifiers(
                `race/${s.id}`,
                { serviceId: s.id, serviceOrderId: s.serviceOrderId, customerId: 'CUST-1', needs: numbers(3) },
                AT,
              ),
            ),
          ),
        );
        const won = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.map((p) => p.resourceId) : []));
        expect(won).toHaveLength(9);
        expect(new Set(won).size).toBe(9);
        for (const r of results)
          if (r.status === 'rejected') expect(r.reason).toMatchObject({ type: BusinessErrorType.ResourceUnavailable });
        const held = (await h.resources()).filter((r) => r.state === 'reserved');
        expect(held.map((r) => r.id).sort()).toEqual([...won].sort());
        expect(await h.count('service_parameters')).toBe(9);
      }),
    );
  });
}
