import { beforeEach, describe, expect, it } from 'vitest';
import { createServiceQualityManagementActivities } from '../../../activities/smo/service-quality-management';
import { computeKqi, mergeIntervals } from '../../../activities/smo/service-quality-management/kqi';
import { useTestStore } from '../../support/store';

const NOW = '2026-06-06T09:00:00.000Z';
const START = '2026-06-05T00:00:00.000Z';
const END = '2026-06-06T00:00:00.000Z';
const RUN = 'SQ-TEST';
const h = (hour: number, minute = 0) => new Date(Date.parse(START) + hour * 3_600_000 + minute * 60_000).toISOString();
const PAR_SERVICES = ['SVC-IB01-1', 'SVC-IB01-2', 'SVC-IB02-1', 'SVC-IB02-2', 'SVC-IB03-1', 'SVC-IB03-2', 'SVC-IB05-1'];

const t = useTestStore(NOW, { installedBase: true });
let sqm: ReturnType<typeof createServiceQualityManagementActivities>;
beforeEach(() => {
  sqm = createServiceQualityManagementActivities(t.store.ports);
});

const { rows, run } = t;
const outage = (serviceId: string, customerId: string, from: string, to: string, cause = 'line card failure') =>
  t.store.ports.serviceOutages.record(`outage/${serviceId}/${from}`, {
    serviceId,
    customerId,
    serviceProblemId: null,
    cause,
    startedAt: from,
    restoredAt: to,
  });
const entry = (
  resourceId: string,
  over: Partial<{ availabilityBp: number; thresholdCrossings: number; degrading: boolean }> = {},
) => ({
  resourceId,
  region: 'PAR',
  availabilityBp: 10_000,
  thresholdCrossings: 0,
  degrading: false,
  ...over,
});
const HEALTHY_PAR = [entry('NODE-PAR-1'), entry('PORT-PAR-1-1-1')];
const monitor = (performance = HEALTHY_PAR, key = 'k-mon') =>
  sqm.monitorServiceQuality({ runId: RUN, periodStart: START, periodEnd: END, performance }, { idempotencyKey: key });
const analyze = (regions = ['PAR']) =>
  sqm.analyzeServiceQuality({ runId: RUN, periodStart: START, periodEnd: END, regions }, { idempotencyKey: 'k-ana' });

describe('KQI arithmetic', () => {
  it('counts one loss of service reported twice once, and derives availability, MTBF and MTTR', () => {
    expect(
      mergeIntervals([
        { from: 5, to: 8 },
        { from: 0, to: 3 },
        { from: 2, to: 4 },
      ]),
    ).toEqual([
      { from: 0, to: 4 },
      { from: 5, to: 8 },
    ]);
    const threeHours = computeKqi(START, END, [{ from: Date.parse(h(2)), to: Date.parse(h(5)) }]);
    expect(threeHours).toEqual({
      availabilityBp: 8750,
      outageMinutes: 180,
      incidents: 1,
      mtbfMinutes: 1260,
      mttrMinutes: 180,
    });
    expect(computeKqi(START, END, [])).toEqual({
      availabilityBp: 10_000,
      outageMinutes: 0,
      incidents: 0,
      mtbfMinutes: null,
      mttrMinutes: null,
    });
  });
});

describe('1.A.2.4.1 monitorServiceQuality', () => {
  it("keeps the period's outages of the region's active services, clipped to the period, and sets aside the rest", async () => {
    await outage('SVC-IB01-1', 'CUST-1001', '2026-06-04T23:00:00.000Z', h(1));
    run("UPDATE services SET state = 'terminated' WHERE id = 'SVC-IB02-2'");
    await outage('SVC-IB02-2', 'CUST-2001', h(3), h(4));
    await outage('SVC-IB04-1', 'CUST-1005', h(3), h(4)); // Lyon: not this run's region
    await outage('SVC-IB03-1', 'CUST-2002', '2026-06-06T02:00:00.000Z', '2026-06-06T03:00:00.000Z'); // after

    const out = await monitor();
    expect(out).toEqual({
      runId: RUN,
      regions: ['PAR'],
      services: PAR_SERVICES.length - 1, // SVC-IB02-2 terminated
      outages: 1,
      degradations: 0,
      filtered: [{ sourceId: expect.stringMatching(/^OUT/), reason: 'service SVC-IB02-2 is terminated, not active' }],
    });
    expect(
      rows('SELECT service_id, kind, started_at, ended_at, filtered_reason FROM service_quality_events ORDER BY id'),
    ).toEqual([
      { service_id: 'SVC-IB01-1', kind: 'outage', started_at: START, ended_at: h(1), filtered_reason: null },
      {
        service_id: 'SVC-IB02-2',
        kind: 'outage',
        started_at: h(3),
        ended_at: h(4),
        filtered_reason: 'service SVC-IB02-2 is terminated, not active',
      },
    ]);
  });

  it('maps a degraded element to the active services it carries, down the topology, and sets aside one carrying none', async () => {
    const out = await monitor([
      entry('CARD-PAR-1-1', { availabilityBp: 9000, thresholdCrossings: 1 }),
      entry('CARD-PAR-2-1', { degrading: true }),
      entry('NODE-PAR-1'),
    ]);
    expect(out.degradations).toBe(2);
    expect(out.filtered).toEqual([{ sourceId: 'CARD-PAR-2-1', reason: 'carries no active service' }]);
    expect(
      rows(
        'SELECT service_id, resource_id, performance_bp FROM service_quality_events WHERE filtered_reason IS NULL ORDER BY service_id',
      ),
    ).toEqual([
      { service_id: 'SVC-IB01-1', resource_id: 'CARD-PAR-1-1', performance_bp: 9000 },
      { service_id: 'SVC-IB02-1', resource_id: 'CARD-PAR-1-1', performance_bp: 9000 },
    ]);
  });

  it('records nothing twice when retried', async () => {
    await outage('SVC-IB01-1', 'CUST-1001', h(2), h(5));
    await monitor(HEALTHY_PAR, 'k-same');
    await monitor(HEALTHY_PAR, 'k-same');
    expect(rows('SELECT id FROM service_quality_events')).toHaveLength(1);
  });
});

describe('1.A.2.4.2 analyzeServiceQuality', () => {
  it("computes every active service's KQIs against its design targets", async () => {
    await outage('SVC-IB01-1', 'CUST-1001', h(2), h(5));
    await t.store.ports.serviceOutages.record('dup', {
      serviceId: 'SVC-IB01-1',
      customerId: 'CUST-1001',
      serviceProblemId: null,
      cause: 'same failure, second report',
      startedAt: h(4),
      restoredAt: h(5),
    });
    await outage('SVC-IB03-1', 'CUST-2002', h(10), h(10, 1));
    await outage('SVC-IB03-1', 'CUST-2002', h(20), h(20, 3));
    await monitor([entry('CARD-PAR-1-1', { availabilityBp: 9000, thresholdCrossings: 1 })]);
    const out = await analyze();

    expect(out.kqis.map((k) => k.serviceId)).toEqual(PAR_SERVICES);
    const kqi = (id: string) => out.kqis.find((k) => k.serviceId === id);
    expect(kqi('SVC-IB01-1')).toEqual({
      serviceId: 'SVC-IB01-1',
      customerId: 'CUST-1001',
      availabilityBp: 8750,
      outageMinutes: 180,
      incidents: 1,
      mtbfMinutes: 1260,
      mttrMinutes: 180,
    });
    expect(kqi('SVC-IB03-1')).toMatchObject({ availabilityBp: 9972, outageMinutes: 4, incidents: 2, mttrMinutes: 2 });
    expect(kqi('SVC-IB02-1')).toMatchObject({ availabilityBp: 10_000, incidents: 0, mtbfMinutes: null });
    expect(out.belowTarget).toEqual(['SVC-IB01-1', 'SVC-IB03-1']);
    expect(
      rows(
        "SELECT service_id, performance_bp, target_availability_bp, target_restore_minutes FROM service_kqis WHERE service_id IN ('SVC-IB02-1', 'SVC-IB05-1') ORDER BY service_id",
      ),
    ).toEqual([
      { service_id: 'SVC-IB02-1', performance_bp: 9000, target_availability_bp: 9990, target_restore_minutes: 240 },
      { service_id: 'SVC-IB05-1', performance_bp: 10_000, target_availability_bp: 9990, target_restore_minutes: 480 },
    ]);
  });
});

describe('1.A.2.4.3 improveService', () => {
  it('proposes to the right process what would bring each service back to its design', async () => {
    await outage('SVC-IB01-1', 'CUST-1001', h(2), h(5));
    await outage('SVC-IB03-1', 'CUST-2002', h(6), h(11)); // five hours: longer than the four promised
    await monitor([entry('CARD-PAR-1-1', { degrading: true })]);
    await analyze();
    const out = await sqm.improveService({ runId: RUN }, { idempotencyKey: 'k-imp' });
    expect(out.actions.map((a) => [a.serviceId, a.kind, a.addressedTo])).toEqual([
      ['SVC-IB01-1', 'improveResilience', 'SM&O 1.F.2.2 Service Configuration & Activation'],
      ['SVC-IB01-1', 'requestCapacity', 'RM&O 1.A.3.4 Resource Performance Management'],
      ['SVC-IB02-1', 'requestCapacity', 'RM&O 1.A.3.4 Resource Performance Management'],
      ['SVC-IB03-1', 'improveResilience', 'SM&O 1.F.2.2 Service Configuration & Activation'],
      ['SVC-IB03-1', 'shortenRestoration', 'SM&O 1.A.2.3 Service Problem Management'],
    ]);
    const [first] = rows(
      "SELECT reason FROM service_improvement_actions WHERE service_id = 'SVC-IB01-1' AND kind = 'improveResilience'",
    );
    expect(first?.['reason']).toContain('availability 87.50 % below the 99.90 % designed');
    // Each process receives its own proposals, in one notice.
    const notices = await t.store.ports.notifications.listByReference(RUN);
    expect(out.notices.map((n) => [n.addressedTo, n.proposals])).toEqual([
      ['RM&O 1.A.3.4 Resource Performance Management', 2],
      ['SM&O 1.A.2.3 Service Problem Management', 1],
      ['SM&O 1.F.2.2 Service Configuration & Activation', 2],
    ]);
    expect(notices.map((n) => [n.id, n.channel, n.recipient]).sort()).toEqual(
      out.notices.map((n) => [n.notificationId, 'process', n.addressedTo]).sort(),
    );
    const toProblems = notices.find((n) => n.recipient === 'SM&O 1.A.2.3 Service Problem Management');
    expect(toProblems?.body).toMatch(
      /^SIA-\d+ SVC-IB03-1 shortenRestoration: mean time to restore 300 min over the 240 min designed$/,
    );
    await sqm.improveService({ runId: RUN }, { idempotencyKey: 'k-imp-again' });
    expect(rows('SELECT id FROM service_improvement_actions')).toHaveLength(5);
    expect(await t.store.ports.notifications.listByReference(RUN)).toHaveLength(3);
  });

  it('refuses a run that has no KQIs yet', async () => {
    await expect(sqm.improveService({ runId: 'SQ-NONE' }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });
});

describe('1.A.2.4.4 identifyAndReportServiceConstraints', () => {
  it('records the constraints, tells RM&O of those on its elements and hands each affected customer to CRM with their KQIs', async () => {
    await outage('SVC-IB01-1', 'CUST-1001', h(2), h(5));
    await monitor([entry('CARD-PAR-1-1', { availabilityBp: 9500, thresholdCrossings: 2 })]);
    await analyze();
    const out = await sqm.identifyAndReportServiceConstraints({ runId: RUN }, { idempotencyKey: 'k-con' });

    expect(rows('SELECT service_id, kind, resource_id FROM service_constraints ORDER BY service_id, kind')).toEqual([
      { service_id: 'SVC-IB01-1', kind: 'capacityShortage', resource_id: 'CARD-PAR-1-1' },
      { service_id: 'SVC-IB01-1', kind: 'resourceFailure', resource_id: '' },
      { service_id: 'SVC-IB02-1', kind: 'capacityShortage', resource_id: 'CARD-PAR-1-1' },
    ]);
    expect(out.constraints).toBe(3);
    expect(out.customers.map((c) => [c.customerId, c.kqis.map((k) => k.serviceId)])).toEqual([
      ['CUST-1001', ['SVC-IB01-1', 'SVC-IB01-2']],
      ['CUST-2001', ['SVC-IB02-1', 'SVC-IB02-2']],
    ]);
    const [notice] = await t.store.ports.notifications.listByReference(RUN);
    expect(notice).toMatchObject({
      id: out.resourceLayerNotificationId,
      channel: 'process',
      recipient: 'RM&O 1.A.3.4 Resource Performance Management',
      body: 'CARD-PAR-1-1: SVC-IB01-1, SVC-IB02-1',
    });
  });

  it('hands no customer to CRM when nothing constrained the quality', async () => {
    await monitor();
    await analyze();
    const out = await sqm.identifyAndReportServiceConstraints({ runId: RUN }, { idempotencyKey: 'k-con' });
    expect(out).toEqual({ constraints: 0, customers: [], resourceLayerNotificationId: null });
  });
});
