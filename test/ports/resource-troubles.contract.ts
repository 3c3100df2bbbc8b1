import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { ResourceTroublePort, ResourceTroubleRecord } from '../../src/ports/resource-troubles';
import { rejection } from './harness';
import { serviceRows } from './service-rows';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The resource troubles' contract (RM&O Resource Trouble Management 1.A.3.3.4–6), for every
 * adapter (docs/ADAPTERS.md): a report created once, amended and moved along the state table
 * with its history, the inventory as trouble management reads it (containment both ways and the
 * protecting mate), the services it touches, a protection switch taking the failed unit out of
 * service once, and a unit flagged for replacement. The clock reads `NOW`.
 */

export const NOW = '2026-06-10T10:05:00.000Z';

/** What a contract reads of a resource beside the port: its state and its replacement flag. */
export interface TroubleReads {
  resourceOf(id: string): Promise<{ state: string; replacement: unknown }>;
}
export type ResourceTroubleHarness = StoreHarness<ResourceTroublePort, TroubleReads>;

const resource = (id: string, type: string, parent: string | null, over: Record<string, unknown> = {}): Fixture => [
  'resources',
  {
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
  },
];
/** A node with two protecting cards (the link recorded on the second), a port under each card. */
const FIXTURES: readonly Fixture[] = [
  ...['node', 'card', 'port'].map((t): Fixture => [
    'resource_specs',
    { id: `RS-${t.toUpperCase()}`, name: t, resource_type: t },
  ]),
  resource('NODE-1', 'node', null),
  resource('CARD-1', 'card', 'NODE-1'),
  resource('CARD-2', 'card', 'NODE-1', { redundant_with: 'CARD-1' }),
  resource('PORT-1', 'port', 'CARD-1', { service_id: 'SVC-1' }),
  resource('PORT-2', 'port', 'CARD-2', { state: 'available' }),
];

const report = (
  id: string,
): Pick<
  ResourceTroubleRecord,
  'id' | 'origin' | 'resourceId' | 'description' | 'alarmCount' | 'alarmIds' | 'serviceProblemId' | 'workflowId'
> => ({
  id,
  origin: 'alarm',
  resourceId: 'CARD-1',
  description: 'card down',
  alarmCount: 2,
  alarmIds: ['AL-1', 'AL-2'],
  serviceProblemId: null,
  workflowId: id,
});

export function resourceTroublesContract(adapter: string, make: () => Promise<ResourceTroubleHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`resource troubles port on ${adapter}`, () => {
    it(
      'create once per key and per id; amend and move along the state table, each in the history',
      withStore(async (h) => {
        const t = await h.port.create('k/create', report('RT-1'));
        expect(t).toMatchObject({
          id: 'RT-1',
          state: 'acknowledged',
          alarmCount: 2,
          alarmIds: ['AL-1', 'AL-2'],
          faultResourceId: null,
          recovery: null,
          createdAt: NOW,
          closedAt: null,
        });
        expect(await h.port.create('k/create', report('RT-1'))).toEqual(t);
        expect(await h.port.create('k/other', { ...report('RT-1'), description: 'again' })).toEqual(t);
        expect(await h.port.get('RT-NONE')).toBeUndefined();

        const a = await h.port.amend(
          'k/amend',
          'RT-1',
          { faultResourceId: 'CARD-1', diagnosis: 'card failed' },
          '1.A.3.3.2',
          'localized',
        );
        expect(a).toMatchObject({ faultResourceId: 'CARD-1', diagnosis: 'card failed', recovery: null });
        // A later amendment keeps what it does not name; the key's second call changes nothing.
        await h.port.amend('k/amend2', 'RT-1', { recovery: 'switchedToRedundant' }, '1.A.3.3.3', 'switched');
        await h.port.amend('k/amend2', 'RT-1', { recovery: 'none' }, '1.A.3.3.3', 'switched');
        await h.port.setState('k/loc', 'RT-1', 'localized', '1.A.3.3.2', 'found');
        await h.port.setState('k/fixed', 'RT-1', 'resolved', '1.A.3.3.3', 'fixed');
        expect(await h.port.setState('k/close', 'RT-1', 'closed', '1.A.3.3.6', 'done')).toMatchObject({
          state: 'closed',
          faultResourceId: 'CARD-1',
          diagnosis: 'card failed',
          recovery: 'switchedToRedundant',
          closedAt: NOW,
        });
        expect(
          (await h.port.events('RT-1')).map((e) => `${e.process} ${e.fromState}>${e.toState} ${e.detail}`),
        ).toEqual([
          '1.A.3.3.4 null>acknowledged card down',
          '1.A.3.3.2 acknowledged>acknowledged localized',
          '1.A.3.3.3 acknowledged>acknowledged switched',
          '1.A.3.3.2 acknowledged>localized found',
          '1.A.3.3.3 localized>resolved fixed',
          '1.A.3.3.6 resolved>closed done',
        ]);
        expect((await h.port.events('RT-1'))[0]!.at).toBe(NOW);
      }),
    );

    it(
      'a move the table forbids is InvalidStateTransition: nothing changes and the key stays free',
      withStore(async (h) => {
        await h.port.create('k/create', report('RT-1'));
        const err = await rejection(h.port.setState('k/move', 'RT-1', 'closed', '1.A.3.3.6', 'too soon'));
        expect(err.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect((await h.port.get('RT-1'))!.state).toBe('acknowledged');
        expect(await h.count('resource_trouble_events')).toBe(1);
        expect(await h.port.setState('k/move', 'RT-1', 'cancelled', '1.A.3.3.4', 'cleared')).toMatchObject({
          state: 'cancelled',
          closedAt: NOW,
        });
        const calls = [
          () => h.port.setState('k/x', 'RT-NONE', 'localized', 'p', 'd'),
          () => h.port.amend('k/y', 'RT-NONE', { diagnosis: 'x' }, 'p', 'd'),
          () => h.port.recordReportedServices('k/z', 'RT-NONE', []),
        ];
        for (const call of calls) expect((await rejection(call())).type).toBe(BusinessErrorType.NotFound);
        expect(await h.count('resource_trouble_events')).toBe(2);
      }),
    );

    it(
      'the inventory as trouble management reads it: the mate either way, containers nearest first, contents top-down',
      withStore(async (h) => {
        expect(await h.port.resource('CARD-1')).toEqual({
          id: 'CARD-1',
          resourceType: 'card',
          region: 'PAR',
          parentId: 'NODE-1',
          mateId: 'CARD-2',
          state: 'inService',
          serviceId: null,
        });
        expect((await h.port.resource('CARD-2'))!.mateId).toBe('CARD-1');
        expect((await h.port.resource('PORT-1'))!.serviceId).toBe('SVC-1');
        expect(await h.port.resource('NONE')).toBeUndefined();
        expect(await h.port.ancestors(['PORT-1', 'NODE-1', 'PORT-1', 'NONE'])).toEqual({
          'PORT-1': ['CARD-1', 'NODE-1'],
          'NODE-1': [],
          NONE: [],
        });
        expect((await h.port.descendants('NODE-1')).map((r) => r.id)).toEqual(['CARD-1', 'CARD-2', 'PORT-1', 'PORT-2']);
        expect(await h.port.descendants('PORT-1')).toEqual([]);
      }),
    );

    it(
      'reported services: kept per service, a later report keeping the problem already known, once per key',
      withStore(async (h) => {
        await h.port.create('k/create', report('RT-1'));
        const svc = (id: string, problem: string | null, state: string | null) => ({
          serviceId: id,
          customerId: 'CUST-1',
          serviceProblemId: problem,
          serviceProblemWorkflowId: problem,
          lastReportedState: state,
        });
        await h.port.recordReportedServices('k/r1', 'RT-1', [svc('SVC-2', 'SP-2', 'down'), svc('SVC-1', null, 'down')]);
        await h.port.recordReportedServices('k/r2', 'RT-1', [svc('SVC-2', null, 'restored')]);
        await h.port.recordReportedServices('k/r2', 'RT-1', [svc('SVC-2', null, 'again')]);
        expect(await h.port.reportedServices('RT-1')).toEqual([
          svc('SVC-1', null, 'down'),
          svc('SVC-2', 'SP-2', 'restored'),
        ]);
        expect(await h.port.reportedServices('RT-NONE')).toEqual([]);
      }),
    );

    it(
      'a protection switch takes the failed unit out of service once, with its history; replacement flagged',
      withStore(async (h) => {
        await h.port.create('k/create', report('RT-1'));
        const history = await h.count('resource_state_history');
        await Promise.all(
          [1, 2, 3].map((w) => h.port.recordProtectionSwitch(`k/switch/${w}`, 'RT-1', 'CARD-1', 'CARD-2', ['SVC-1'])),
        );
        expect((await h.resourceOf('CARD-1')).state).toBe('outOfService');
        expect(await h.count('protection_switches')).toBe(3);
        expect(await h.count('resource_state_history')).toBe(history + 1);
        // An unknown unit is refused with nothing written, and the key stays free.
        const err = await rejection(h.port.recordProtectionSwitch('k/bad', 'RT-1', 'NONE', 'CARD-2', []));
        expect(err.type).toBe(BusinessErrorType.NotFound);
        expect(await h.count('protection_switches')).toBe(3);
        await h.port.recordProtectionSwitch('k/bad', 'RT-1', 'PORT-1', 'PORT-2', []);
        expect((await h.resourceOf('PORT-1')).state).toBe('outOfService');

        await h.port.flagForReplacement('k/flag', 'CARD-1', 'failed twice');
        expect((await h.resourceOf('CARD-1')).replacement).toEqual({ reason: 'failed twice', flaggedAt: NOW });
        expect((await h.resourceOf('CARD-2')).replacement).toBeUndefined();
      }),
    );

    it(
      'concurrent workers: one report created and moved by several at once has one row and one move',
      withStore(async (h) => {
        await Promise.all([1, 2, 3, 4].map((w) => h.port.create(`k/create/${w}`, report('RT-1'))));
        const moves = await Promise.allSettled(
          [1, 2, 3, 4].map((w) => h.port.setState(`k/loc/${w}`, 'RT-1', 'resolved', '1.A.3.3.3', `w${w}`)),
        );
        // The first resolves it; the others find it resolved, which cannot become resolved again.
        expect(moves.filter((m) => m.status === 'fulfilled')).toHaveLength(1);
        for (const m of moves.filter((x) => x.status === 'rejected'))
          expect((m as PromiseRejectedResult).reason).toMatchObject({ type: BusinessErrorType.InvalidStateTransition });
        expect(await h.count('resource_troubles')).toBe(1);
        expect((await h.port.events('RT-1')).map((e) => e.toState)).toEqual(['acknowledged', 'resolved']);
      }),
    );

    it(
      'the active services on an element or under it, assigned by the inventory or carried by the network, each with the first element it runs on',
      withStore(async (h) => {
        for (const [table, row] of serviceRows(NOW, [
          { id: 'SVC-1', customerId: 'CUST-1', state: 'active' },
          { id: 'SVC-2', customerId: 'CUST-2', state: 'active' },
          { id: 'SVC-3', customerId: 'CUST-2', state: 'terminated' },
        ]))
          await h.insert(table, row);
        // SVC-2 is configured on the second card and on its port; SVC-3 ended on the first card.
        const configured = (resourceId: string, serviceId: string) =>
          h.insert('network_configuration', {
            resource_id: resourceId,
            service_id: serviceId,
            config: '{}',
            admin_state: 'up',
            updated_at: NOW,
          });
        await configured('PORT-2', 'SVC-2');
        await configured('CARD-2', 'SVC-2');
        await configured('CARD-1', 'SVC-3');
        expect(await h.port.activeServicesOn('NODE-1')).toEqual([
          { serviceId: 'SVC-1', customerId: 'CUST-1', resourceId: 'PORT-1' },
          { serviceId: 'SVC-2', customerId: 'CUST-2', resourceId: 'CARD-2' },
        ]);
        expect(await h.port.activeServicesOn('CARD-1')).toEqual([
          { serviceId: 'SVC-1', customerId: 'CUST-1', resourceId: 'PORT-1' },
        ]);
        expect(await h.port.activeServicesOn('PORT-2')).toEqual([
          { serviceId: 'SVC-2', customerId: 'CUST-2', resourceId: 'PORT-2' },
        ]);
        expect(await h.port.activeServicesOn('NODE-NONE')).toEqual([]);
      }),
    );
  });
}
