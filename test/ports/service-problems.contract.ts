import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { RootCause } from '../../src/domain/assurance/messages';
import { SERVICE_PROBLEM_API, serviceProblemEvent } from '../../src/events/service-problem-events';
import type { NewServiceProblem, ServiceProblemPort } from '../../src/ports/service-problems';
import { expectValid } from '../api/support';
import { rejection } from './harness';
import type { OutboxReads } from './outbox';
import { serviceRows } from './service-rows';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The service problems' contract (TMF656, SM&O Service Problem Management 1.A.2.3), for every
 * adapter (docs/ADAPTERS.md): a problem recorded once, moved along the state table with its
 * history and one event per change (naming the tickets it serves), updated, noted, found by its
 * root cause's element, the list's reads, and workers moving one problem at once. The clock reads `NOW`.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
const TMF656 = 'TMF656-ServiceProblemManagement-v4.0.0.swagger.json';

export type ServiceProblemHarness = StoreHarness<ServiceProblemPort, OutboxReads>;

const created = serviceProblemEvent('ServiceProblemCreateEvent');
const moved = serviceProblemEvent('ServiceProblemStateChangeEvent');

const problem = (id: string, over: Partial<NewServiceProblem> = {}): NewServiceProblem => ({
  id,
  origin: 'customer',
  serviceId: 'SVC-1',
  customerId: 'CUST-1001',
  description: 'no sync',
  urgency: 'high',
  troubleTicketId: 'TT-1',
  resourceTroubleId: null,
  workflowId: id,
  ...over,
});
const cardFailed: RootCause = {
  kind: 'resource',
  resourceId: 'CARD-1',
  supplierId: null,
  requisitionId: null,
  detail: 'card failed',
};

/** Problems recorded before the port's own, one a day from 2026-02-01, for the list's reads. */
const listed = (id: string, day: number, state: string, origin: string, service: string): Fixture => [
  'service_problems',
  {
    id,
    origin,
    service_id: service,
    customer_id: 'CUST-2001',
    description: 'listed',
    urgency: 'medium',
    state,
    started_at: `2026-02-0${day}T08:00:00.000Z`,
    created_at: `2026-02-0${day}T08:00:00.000Z`,
    updated_at: `2026-02-0${day}T08:00:00.000Z`,
  },
];
const FIXTURES: readonly Fixture[] = [
  listed('SP-L1', 1, 'closed', 'quality', 'SVC-9'),
  listed('SP-L2', 2, 'inProgress', 'resourceTrouble', 'SVC-9'),
  listed('SP-L3', 3, 'held', 'customer', 'SVC-8'),
];

/** The events stored, each valid against TMF656, as `eventType:status`. */
async function events(h: ServiceProblemHarness): Promise<string[]> {
  return (await h.events(SERVICE_PROBLEM_API)).map((e) => {
    expectValid(e.eventType, e, TMF656);
    return `${e.eventType}:${(e.event as { serviceProblem: { status: string } }).serviceProblem.status}`;
  });
}
const ticketsShown = async (h: ServiceProblemHarness) =>
  (
    (await h.events(SERVICE_PROBLEM_API)).at(-1)!.event as { serviceProblem: { troubleTicket: Array<{ id: string }> } }
  ).serviceProblem.troubleTicket.map((t) => t.id);

export function serviceProblemsContract(adapter: string, make: () => Promise<ServiceProblemHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`service problems port (TMF656) on ${adapter}`, () => {
    it(
      'record: acknowledged with its first history row and create event, once per key and once per problem id',
      withStore(async (h) => {
        const p = await h.port.record('k/record', problem('SP-1'), created);
        expect(p).toMatchObject({
          id: 'SP-1',
          state: 'acknowledged',
          troubleTicketId: 'TT-1',
          impact: null,
          rootCause: null,
          plan: null,
          startedAt: NOW,
          createdAt: NOW,
          restoredAt: null,
          closedAt: null,
        });
        expect(await h.port.record('k/record', problem('SP-1'), created)).toEqual(p);
        expect(await h.port.record('k/other', problem('SP-1', { description: 'again' }), created)).toEqual(p);
        expect(await h.port.history('SP-1')).toEqual([
          { from: null, to: 'acknowledged', process: '1.A.2.3.1', detail: 'no sync', at: NOW },
        ]);
        expect(await events(h)).toEqual(['ServiceProblemCreateEvent:acknowledged']);
        expect(await ticketsShown(h)).toEqual(['TT-1']);
        expect(await h.port.get('SP-NONE')).toBeUndefined();
        expect(await h.count('service_problems')).toBe(FIXTURES.length + 1);
      }),
    );

    it(
      'transition and note: the state table with its history, one event per move naming the notice ticket once recorded',
      withStore(async (h) => {
        await h.port.record('k/record', problem('SP-1'), created);
        await h.port.transition('k/work', 'SP-1', 'inProgress', '1.A.2.3.1', 'qualified', moved);
        await h.port.transition('k/work', 'SP-1', 'inProgress', '1.A.2.3.1', 'qualified', moved);
        await h.port.transition('k/same', 'SP-1', 'inProgress', '1.A.2.3.2', 'still', moved);
        await h.port.note('k/note', 'SP-1', '1.A.2.3.3', 'plan made');
        await h.port.note('k/note', 'SP-1', '1.A.2.3.3', 'plan made');
        // SM&O's notice to CRM: the ticket TT-<problem> shows on the problem's next event.
        await h.insert('trouble_tickets', {
          id: 'TT-SP-1',
          origin: 'network',
          customer_id: 'CUST-1001',
          description: 'notice',
          urgency: 'high',
          state: 'acknowledged',
          created_at: NOW,
          updated_at: NOW,
        });
        expect(await h.port.transition('k/fixed', 'SP-1', 'resolved', '1.A.2.3.4', 'fixed', moved)).toMatchObject({
          state: 'resolved',
          closedAt: null,
        });
        expect(await ticketsShown(h)).toEqual(['TT-1', 'TT-SP-1']);
        expect(await h.port.transition('k/close', 'SP-1', 'closed', '1.A.2.3.5', 'agreed', moved)).toMatchObject({
          state: 'closed',
          closedAt: NOW,
        });
        expect((await h.port.history('SP-1')).map((m) => `${m.from}>${m.to} ${m.process}`)).toEqual([
          'null>acknowledged 1.A.2.3.1',
          'acknowledged>inProgress 1.A.2.3.1',
          'inProgress>inProgress 1.A.2.3.3',
          'inProgress>resolved 1.A.2.3.4',
          'resolved>closed 1.A.2.3.5',
        ]);
        expect(await events(h)).toEqual([
          'ServiceProblemCreateEvent:acknowledged',
          'ServiceProblemStateChangeEvent:inProgress',
          'ServiceProblemStateChangeEvent:resolved',
          'ServiceProblemStateChangeEvent:closed',
        ]);
      }),
    );

    it(
      'a move the table forbids is InvalidStateTransition: nothing changes, no event, and the key stays free',
      withStore(async (h) => {
        await h.port.record('k/record', problem('SP-1'), created);
        const err = await rejection(h.port.transition('k/move', 'SP-1', 'resolved', '1.A.2.3.4', 'too soon', moved));
        expect(err.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect(err.details).toEqual({ from: 'acknowledged', to: 'resolved' });
        expect((await h.port.get('SP-1'))!.state).toBe('acknowledged');
        expect(await h.count('service_problem_history')).toBe(1);
        expect(await events(h)).toEqual(['ServiceProblemCreateEvent:acknowledged']);
        expect(await h.port.transition('k/move', 'SP-1', 'rejected', '1.A.2.3.1', 'not ours', moved)).toMatchObject({
          state: 'rejected',
          closedAt: NOW,
        });
        const calls = [
          () => h.port.transition('k/x', 'SP-NONE', 'inProgress', 'p', 'd'),
          () => h.port.update('k/u', 'SP-NONE', { resolution: 'x' }),
          () => h.port.note('k/n', 'SP-NONE', 'p', 'd'),
        ];
        for (const call of calls) expect((await rejection(call())).type).toBe(BusinessErrorType.NotFound);
        expect(await h.count('service_problem_history')).toBe(2);
      }),
    );

    it(
      'update: impact, root cause, plan and the rest as given, once per key; open problems found by their root element',
      withStore(async (h) => {
        await h.port.record('k/r1', problem('SP-1'), created);
        await h.port.record('k/r2', problem('SP-2', { serviceId: 'SVC-2' }), created);
        await h.port.record('k/r3', problem('SP-3', { serviceId: 'SVC-3' }), created);
        const impact = { services: ['SVC-1', 'SVC-2'], customers: ['CUST-1001'] };
        const plan = { steps: [{ action: 'replace', resourceId: 'CARD-1' }] };
        const p = await h.port.update('k/u1', 'SP-1', {
          impact,
          rootCause: cardFailed,
          plan,
          estimatedRestoration: '2026-03-02T13:00:00.000Z',
          resolution: 'card replaced',
          restoredAt: '2026-03-02T12:00:00.000Z',
        });
        expect(p).toMatchObject({
          impact,
          rootCause: cardFailed,
          plan,
          estimatedRestoration: '2026-03-02T13:00:00.000Z',
          resolution: 'card replaced',
          restoredAt: '2026-03-02T12:00:00.000Z',
        });
        expect(await h.port.update('k/u1', 'SP-1', { resolution: 'other', rootCause: null })).toEqual(p);
        await h.port.update('k/u2', 'SP-2', { rootCause: cardFailed, correlatedWith: 'SP-1' });
        await h.port.update('k/u3', 'SP-3', { rootCause: cardFailed });
        await h.port.transition('k/t3', 'SP-3', 'cancelled', '1.A.2.3.1', 'withdrawn');
        expect((await h.port.openWithRootResource('CARD-1')).map((x) => [x.id, x.correlatedWith])).toEqual([
          ['SP-1', null],
          ['SP-2', 'SP-1'],
        ]);
        // A root cause taken back leaves the element's problems.
        await h.port.update('k/u4', 'SP-2', { rootCause: null });
        expect((await h.port.openWithRootResource('CARD-1')).map((x) => x.id)).toEqual(['SP-1']);
      }),
    );

    it(
      'the list: every criterion holds, newest first, one page and the total',
      withStore(async (h) => {
        await h.port.record('k/record', problem('SP-1', { serviceId: 'SVC-9' }), created);
        const ids = async (q: Parameters<ServiceProblemPort['search']>[0]) => {
          const page = await h.port.search(q);
          return { total: page.total, ids: page.orders.map((p) => p.id) };
        };
        expect(await ids({ offset: 0, limit: 10 })).toEqual({ total: 4, ids: ['SP-1', 'SP-L3', 'SP-L2', 'SP-L1'] });
        expect(await ids({ offset: 2, limit: 1 })).toEqual({ total: 4, ids: ['SP-L2'] });
        expect(await ids({ serviceIds: ['SVC-9'], origins: ['customer', 'quality'], offset: 0, limit: 10 })).toEqual({
          total: 2,
          ids: ['SP-1', 'SP-L1'],
        });
        expect(await ids({ troubleTicketIds: ['TT-1'], states: ['acknowledged'], offset: 0, limit: 10 })).toEqual({
          total: 1,
          ids: ['SP-1'],
        });
        expect(
          await ids({
            dates: [{ field: 'createdAt', op: 'lte', value: '2026-02-02T08:00:00Z' }],
            offset: 0,
            limit: 10,
          }),
        ).toEqual({ total: 2, ids: ['SP-L2', 'SP-L1'] });
      }),
    );

    it(
      'concurrent workers: one problem recorded and moved by several at once has one row, one move and one event each',
      withStore(async (h) => {
        await Promise.all([1, 2, 3, 4].map((w) => h.port.record(`k/record/${w}`, problem('SP-1'), created)));
        await Promise.all(
          [1, 2, 3, 4].map((w) => h.port.transition(`k/work/${w}`, 'SP-1', 'inProgress', '1.A.2.3.1', `w${w}`, moved)),
        );
        expect(await h.count('service_problems')).toBe(FIXTURES.length + 1);
        expect((await h.port.history('SP-1')).map((m) => m.to)).toEqual(['acknowledged', 'inProgress']);
        expect(await events(h)).toEqual([
          'ServiceProblemCreateEvent:acknowledged',
          'ServiceProblemStateChangeEvent:inProgress',
        ]);
      }),
    );

    it(
      'the elements a service runs on, as its assurance record lists them, and the active services on elements or under them',
      withStore(async (h) => {
        for (const t of ['node', 'card', 'port'])
          await h.insert('resource_specs', { id: `RS-${t.toUpperCase()}`, name: t, resource_type: t });
        const element = (id: string, type: string, parent: string | null, over: Record<string, unknown> = {}) =>
          h.insert('resources', {
            id,
            spec_id: `RS-${type.toUpperCase()}`,
            resource_type: type,
            name: id,
            region: 'PAR',
            parent_id: parent,
            attributes: '{}',
            state: 'inService',
            updated_at: NOW,
            ...over,
          });
        await element('NODE-1', 'node', null);
        await element('CARD-1', 'card', 'NODE-1', {
          attributes: JSON.stringify({ supplierId: 'SUP-1', requisitionId: 'REQ-1', slots: 4 }),
        });
        await element('PORT-1', 'port', 'CARD-1', { service_id: 'SVC-1' });
        await element('PORT-2', 'port', 'CARD-1', { service_id: 'SVC-2' });
        await element('PORT-3', 'port', 'NODE-1', { service_id: 'SVC-3' });
        for (const [table, row] of serviceRows(NOW, [
          {
            id: 'SVC-1',
            customerId: 'CUST-1',
            state: 'active',
            assurance: { resourceIds: ['PORT-1', 'GONE', 'CARD-1'] },
          },
          { id: 'SVC-2', customerId: 'CUST-2', state: 'terminated' },
          { id: 'SVC-3', customerId: 'CUST-2', state: 'active', assurance: { sla: 'GOLD' } },
        ]))
          await h.insert(table, row);

        // An element no longer in the inventory is left out; the order is the record's.
        expect(await h.port.elementsOf('SVC-1')).toEqual([
          {
            resourceId: 'PORT-1',
            resourceType: 'port',
            resourceSpecId: 'RS-PORT',
            parentId: 'CARD-1',
            supplierId: null,
            requisitionId: null,
          },
          {
            resourceId: 'CARD-1',
            resourceType: 'card',
            resourceSpecId: 'RS-CARD',
            parentId: 'NODE-1',
            supplierId: 'SUP-1',
            requisitionId: 'REQ-1',
          },
        ]);
        expect(await h.port.elementsOf('SVC-3')).toEqual([]);
        expect(await h.port.elementsOf('SVC-NONE')).toEqual([]);
        expect(await h.port.servicesOn(['NODE-1'])).toEqual([
          { serviceId: 'SVC-1', customerId: 'CUST-1' },
          { serviceId: 'SVC-3', customerId: 'CUST-2' },
        ]);
        expect(await h.port.servicesOn(['CARD-1', 'PORT-1'])).toEqual([{ serviceId: 'SVC-1', customerId: 'CUST-1' }]);
        expect(await h.port.servicesOn([])).toEqual([]);
      }),
    );
  });
}
