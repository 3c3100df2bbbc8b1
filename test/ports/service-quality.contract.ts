import { describe, expect, it } from 'vitest';
import type { QualityEvent, ServiceKqiRecord, ServiceQualityPort } from '../../src/ports/service-quality';
import { serviceRows } from './service-rows';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * SM&O's quality records' contract (Service Quality Management, 1.A.2.4), for every adapter
 * (docs/ADAPTERS.md): the services quality watches (active, by region, by the element they run
 * on or below it), and a run's events, KQIs, improvement actions and constraints, each written
 * once per key — KQIs once per run and service, an action once per run, service and kind, a
 * constraint once per run, service, kind and element — also when workers record them at once.
 */

export const NOW = '2026-12-01T06:00:00.000Z';
const RUN = 'SQM-2026-11';

export type ServiceQualityHarness = StoreHarness<ServiceQualityPort>;

const SLA = { availabilityPct: 99.9, restoreHours: 4 };
const element = (id: string, type: string, parent: string | null, serviceId: string | null = null): Fixture => [
  'resources',
  {
    id,
    spec_id: `RS-${type.toUpperCase()}`,
    resource_type: type,
    name: id,
    region: 'PAR',
    parent_id: parent,
    state: 'inService',
    service_id: serviceId,
    updated_at: NOW,
  },
];
/** A node, a card under it, a port under the card held by SVC-1; SVC-2 lists the card in its record. */
const FIXTURES: readonly Fixture[] = [
  ...['node', 'card', 'port'].map((t): Fixture => [
    'resource_specs',
    { id: `RS-${t.toUpperCase()}`, name: t, resource_type: t },
  ]),
  element('NODE-1', 'node', null),
  element('CARD-1', 'card', 'NODE-1'),
  element('PORT-1', 'port', 'CARD-1', 'SVC-1'),
  element('NODE-2', 'node', null),
  ...serviceRows(NOW, [
    {
      id: 'SVC-1',
      customerId: 'CUST-1',
      state: 'active',
      assurance: { resourceIds: ['PORT-1'], sla: SLA, qos: { latencyMs: 5 } },
    },
    { id: 'SVC-2', customerId: 'CUST-2', state: 'active', assurance: { resourceIds: ['CARD-1'] } },
    { id: 'SVC-3', customerId: 'CUST-2', state: 'terminated', assurance: { resourceIds: ['PORT-1'] } },
    { id: 'SVC-4', customerId: 'CUST-1', state: 'active' },
  ]),
];

const kqi = (serviceId: string, over: Partial<ServiceKqiRecord> = {}): ServiceKqiRecord => ({
  runId: RUN,
  serviceId,
  customerId: 'CUST-1',
  periodStart: '2026-11-01T00:00:00.000Z',
  periodEnd: '2026-12-01T00:00:00.000Z',
  availabilityBp: 9_990,
  outageMinutes: 43,
  incidents: 1,
  mtbfMinutes: 43_157,
  mttrMinutes: 43,
  performanceBp: 10_000,
  degrading: false,
  targetAvailabilityBp: 9_990,
  targetRestoreMinutes: 240,
  qos: {
    latencyMs: 4.75,
    maxLatencyMs: 5,
    throughputPct: 100,
    minThroughputPct: 95,
    committedBandwidthMbps: 1_000,
    deliveredBandwidthMbps: 998.5,
    shortfall: null,
  },
  ...over,
});

const event = (over: Partial<QualityEvent> = {}): Omit<QualityEvent, 'id' | 'runId'> => ({
  serviceId: 'SVC-1',
  customerId: 'CUST-1',
  kind: 'outage',
  sourceId: 'OUT-000001',
  resourceId: null,
  performanceBp: null,
  degrading: false,
  startedAt: '2026-11-03T10:00:00.000Z',
  endedAt: '2026-11-03T10:43:00.000Z',
  detail: 'port down',
  filteredReason: null,
  ...over,
});

export function serviceQualityContract(adapter: string, make: () => Promise<ServiceQualityHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`service quality port on ${adapter}`, () => {
    it(
      'the services quality watches: active ones by region, one in any state, and those an element carries or its record lists',
      withStore(async (h) => {
        const active = await h.port.activeServices(null);
        expect(active.map((s) => s.serviceId)).toEqual(['SVC-1', 'SVC-2', 'SVC-4']);
        expect(active[0]).toEqual({
          serviceId: 'SVC-1',
          customerId: 'CUST-1',
          region: 'PAR',
          state: 'active',
          resourceIds: ['PORT-1'],
          sla: SLA,
          qos: { latencyMs: 5 },
        });
        expect(active[2]).toMatchObject({ resourceIds: [], sla: null, qos: {} });
        expect(await h.port.activeServices(['LYO'])).toEqual([]);
        expect((await h.port.activeServices(['PAR', 'LYO'])).length).toBe(3);
        expect(await h.port.service('SVC-3')).toMatchObject({ state: 'terminated', resourceIds: ['PORT-1'] });
        expect(await h.port.service('SVC-NONE')).toBeUndefined();
        // The node carries both: SVC-1 holds the port under it, SVC-2's record lists the card.
        expect((await h.port.servicesCarriedBy('NODE-1')).map((s) => s.serviceId)).toEqual(['SVC-1', 'SVC-2']);
        expect((await h.port.servicesCarriedBy('PORT-1')).map((s) => s.serviceId)).toEqual(['SVC-1']);
        expect(await h.port.servicesCarriedBy('NODE-2')).toEqual([]);
      }),
    );

    it(
      "a run's events kept once per key, in order, a degradation with its element and a filtered one with its reason",
      withStore(async (h) => {
        const list = [
          event(),
          event({
            kind: 'degradation',
            sourceId: 'CARD-1',
            resourceId: 'CARD-1',
            performanceBp: 9_700,
            degrading: true,
          }),
          event({ serviceId: null, customerId: null, sourceId: 'OUT-000002', filteredReason: 'planned maintenance' }),
        ];
        const stored = await h.port.recordEvents('k/events', RUN, list);
        expect(stored).toEqual(list.map((e, i) => ({ id: `SQE-00000${i + 1}`, runId: RUN, ...e })));
        expect(await h.port.recordEvents('k/events', RUN, list)).toEqual(stored);
        expect(await h.port.events(RUN)).toEqual(stored);
        expect(await h.port.events('SQM-OTHER')).toEqual([]);
      }),
    );

    it(
      'KQIs kept once per run and service, with the QoS measured beside the design; the first kept stands',
      withStore(async (h) => {
        const a = kqi('SVC-2', {
          customerId: 'CUST-2',
          degrading: true,
          qos: { ...kqi('x').qos, shortfall: 'latency 7 ms > 5 ms' },
        });
        const b = kqi('SVC-1', {
          mtbfMinutes: null,
          mttrMinutes: null,
          incidents: 0,
          targetAvailabilityBp: null,
          targetRestoreMinutes: null,
        });
        expect(await h.port.recordKqis('k/kqis', [a, b])).toEqual([b, a]);
        expect(await h.port.recordKqis('k/kqis-again', [{ ...b, availabilityBp: 1 }])).toEqual([b]);
        expect(await h.port.kqis(RUN)).toEqual([b, a]);
        expect(await h.count('service_kqis')).toBe(2);
      }),
    );

    it(
      'one improvement action per run, service and kind, and constraints once per run, service, kind and element',
      withStore(async (h) => {
        const action = {
          runId: RUN,
          serviceId: 'SVC-1',
          kind: 'improveResilience' as const,
          addressedTo: '1.F.2.2.1',
          reason: 'no protection',
        };
        const first = await h.port.recordImprovement('k/a1', action);
        expect(first).toEqual({ id: 'SIA-000001', ...action, createdAt: NOW });
        expect(await h.port.recordImprovement('k/a2', { ...action, reason: 'again' })).toEqual(first);
        const other = await h.port.recordImprovement('k/a3', { ...action, kind: 'shortenRestoration' });
        expect(await h.port.improvements(RUN)).toEqual([first, other]);

        const c = {
          runId: RUN,
          serviceId: 'SVC-1',
          customerId: 'CUST-1',
          kind: 'resourceFailure' as const,
          resourceId: 'PORT-1',
          detail: 'port failed twice',
        };
        const list = await h.port.recordConstraints('k/c1', [
          c,
          { ...c, kind: 'capacityShortage', resourceId: '', detail: 'no ports' },
        ]);
        expect(list.map((x) => [x.kind, x.resourceId, x.createdAt])).toEqual([
          ['resourceFailure', 'PORT-1', NOW],
          ['capacityShortage', '', NOW],
        ]);
        expect(await h.port.recordConstraints('k/c2', [c])).toEqual(list);
        expect(await h.port.constraints(RUN)).toEqual(list);
      }),
    );

    it(
      'customer alerts: degradations past the soft threshold during the period, none certified as an outage since',
      withStore(async (h) => {
        const degradation = (n: number, startedAt: string, until: string, crossed: number): Fixture => [
          'customer_qos_degradations',
          {
            id: `QD-${n}`,
            service_problem_id: `SP-${n}`,
            customer_id: 'CUST-1',
            service_id: 'SVC-1',
            period_start: '2026-11-01T00:00:00.000Z',
            period_end: NOW,
            started_at: startedAt,
            estimated_restoration: until,
            projected_minutes: 120,
            allowed_minutes: 43,
            soft_threshold_crossed: crossed,
            detail: `degradation ${n}`,
            created_at: startedAt,
          },
        ];
        for (const f of [
          degradation(2, '2026-11-20T10:00:00.000Z', '2026-11-20T12:00:00.000Z', 1),
          degradation(1, '2026-11-10T10:00:00.000Z', '2026-11-10T12:00:00.000Z', 1),
          degradation(3, '2026-11-12T10:00:00.000Z', '2026-11-12T12:00:00.000Z', 0),
          degradation(4, '2026-10-20T10:00:00.000Z', '2026-10-20T12:00:00.000Z', 1),
          degradation(5, '2026-11-25T10:00:00.000Z', '2026-11-25T12:00:00.000Z', 1),
        ] satisfies Fixture[])
          await h.insert(...f);
        await h.insert('service_outages', {
          id: 'OUT-5',
          service_id: 'SVC-1',
          customer_id: 'CUST-1',
          service_problem_id: 'SP-5',
          cause: 'fibre cut',
          started_at: '2026-11-25T10:00:00.000Z',
          restored_at: '2026-11-25T11:00:00.000Z',
        });
        expect(await h.port.customerAlerts('2026-11-01T00:00:00.000Z', NOW)).toEqual([
          {
            id: 'QD-1',
            serviceId: 'SVC-1',
            customerId: 'CUST-1',
            startedAt: '2026-11-10T10:00:00.000Z',
            estimatedRestoration: '2026-11-10T12:00:00.000Z',
            detail: 'degradation 1',
          },
          expect.objectContaining({ id: 'QD-2', startedAt: '2026-11-20T10:00:00.000Z' }),
        ]);
        expect(await h.port.customerAlerts('2026-11-15T00:00:00.000Z', NOW)).toMatchObject([{ id: 'QD-2' }]);
      }),
    );

    it(
      'concurrent workers: the same action, KQIs and constraints recorded by four at once leave one row each',
      withStore(async (h) => {
        const action = {
          runId: RUN,
          serviceId: 'SVC-1',
          kind: 'requestCapacity' as const,
          addressedTo: '1.A.3.4',
          reason: 'ports full',
        };
        const c = {
          runId: RUN,
          serviceId: 'SVC-1',
          customerId: 'CUST-1',
          kind: 'capacityShortage' as const,
          resourceId: '',
          detail: 'no ports',
        };
        const actions = await Promise.all([1, 2, 3, 4].map((w) => h.port.recordImprovement(`k/a/${w}`, action)));
        await Promise.all([1, 2, 3, 4].map((w) => h.port.recordKqis(`k/k/${w}`, [kqi('SVC-1')])));
        await Promise.all([1, 2, 3, 4].map((w) => h.port.recordConstraints(`k/c/${w}`, [c])));
        expect(new Set(actions.map((a) => a.id)).size).toBe(1);
        expect(await h.count('service_improvement_actions')).toBe(1);
        expect(await h.count('service_kqis')).toBe(1);
        expect(await h.count('service_constraints')).toBe(1);
      }),
    );
  });
}
