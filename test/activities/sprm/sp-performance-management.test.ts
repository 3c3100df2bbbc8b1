import { beforeEach, describe, expect, it } from 'vitest';
import { createSpPerformanceManagementActivities } from '../../../activities/sprm/sp-performance-management';
import { downtimeMs } from '../../../activities/sprm/sp-performance-management/downtime';
import { nextRating } from '../../../activities/sprm/sp-performance-management/track-sp-performance';
import type { PartnerProblemRecord } from '../../../src/ports/partner-problems';
import { key, useTestStore } from '../../support/store';

const t = useTestStore('2026-06-10T08:00:00.000Z', { installedBase: true });
const { clock, rows, count } = t;
let spm: ReturnType<typeof createSpPerformanceManagementActivities>;

/** June 2026: 30 days; the installed base has one circuit of Alpha's in service (AC-MRS-ALPHA-IB06). */
const JUNE = { periodStart: '2026-06-01T00:00:00.000Z', periodEnd: '2026-07-01T00:00:00.000Z' };
const HOUR_MS = 3_600_000;
const CIRCUIT = 'AC-MRS-ALPHA-IB06';

beforeEach(() => {
  spm = createSpPerformanceManagementActivities(t.store.ports);
});

const setClock = (iso: string) => {
  clock.now = new Date(iso);
};
const after = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
const rating = (supplierId: string) => count('SELECT rating FROM suppliers WHERE id = ?', supplierId);

/** A problem reported at `at`, acknowledged after half an hour, fixed and confirmed after `hours`. */
async function problemOf(id: string, at: string, hours: number, opts: { escalate?: boolean; open?: boolean } = {}) {
  const pp = t.store.ports.partnerProblems;
  setClock(at);
  await pp.record(`${id}/record`, {
    id,
    serviceProblemId: `SP-${id}`,
    serviceId: 'SVC-IB06-1',
    customerId: 'CUST-1002',
    supplierId: 'SUP-ALPHA',
    requisitionId: 'PO-IB06-AC',
    resourceId: CIRCUIT,
    description: 'loss of signal',
  });
  setClock(after(at, 0.5));
  await pp.update(`${id}/ack`, id, { state: 'acknowledged' });
  if (opts.escalate) await pp.update(`${id}/esc`, id, { state: 'escalated', escalate: true });
  if (opts.open) return;
  setClock(after(at, hours));
  await pp.update(`${id}/resolved`, id, { state: 'resolved' });
  await pp.update(`${id}/closed`, id, { state: 'closed', resolution: 'fixed' });
}

describe('downtime of supplied resources', () => {
  const p = (resourceId: string, reportedAt: string, closedAt: string | null): PartnerProblemRecord =>
    ({
      resourceId,
      reportedAt,
      state: closedAt ? 'closed' : 'inProgress',
      closedAt,
      resolvedAt: closedAt,
    }) as PartnerProblemRecord;
  it('clips to the period, counts overlapping problems on one resource once, and an open one to the end', () => {
    expect(
      downtimeMs(
        [
          p('A', '2026-05-31T23:00:00.000Z', '2026-06-01T01:00:00.000Z'),
          p('B', '2026-06-02T00:00:00.000Z', '2026-06-02T02:00:00.000Z'),
          p('B', '2026-06-02T01:00:00.000Z', '2026-06-02T03:00:00.000Z'),
          p('C', '2026-06-30T22:00:00.000Z', null),
        ],
        JUNE.periodStart,
        JUNE.periodEnd,
      ),
    ).toBe((1 + 3 + 2) * HOUR_MS);
  });
});

describe('the rating after a period', () => {
  it('falls for a missed SLA, more when problems were escalated, rises for a clean period, within 1..5', () => {
    expect(nextRating(4, { slaMet: false, escalations: 0 })).toBe(3);
    expect(nextRating(4, { slaMet: false, escalations: 2 })).toBe(2);
    expect(nextRating(1, { slaMet: false, escalations: 1 })).toBe(1);
    expect(nextRating(3, { slaMet: true, escalations: 1 })).toBe(3);
    expect(nextRating(5, { slaMet: true, escalations: 0 })).toBe(5);
  });
});

describe('1.A.4.4.1 monitorAndControlSPServiceQuality', () => {
  it('measures availability of what the supplier supplied against its SLA, and reports the violation', async () => {
    // 30 days × 1 circuit = 720 h; 99.9 % allows 43 min. Two outages: 3 h and 2 h (one escalated).
    await problemOf('PP-1', '2026-06-05T10:00:00.000Z', 3);
    await problemOf('PP-2', '2026-06-20T10:00:00.000Z', 2, { escalate: true });
    const m = await spm.monitorAndControlSPServiceQuality({ supplierId: 'SUP-ALPHA', ...JUNE }, key('m'));
    expect(m).toMatchObject({
      suppliedResources: 1,
      problems: 2,
      resolved: 2,
      escalations: 1,
      downtimeMinutes: 300,
      meanTimeToAcknowledgeMinutes: 30,
      meanTimeToResolveMinutes: 150,
      availabilityBp: Math.floor(10000 * (1 - 5 / 720)),
      slaBp: 9990,
      slaMet: false,
      ratingAfter: null,
    });
    expect(
      rows("SELECT channel, subject FROM notifications WHERE reference = 'SUP-ALPHA/2026-07-01T00:00:00.000Z'"),
    ).toEqual([{ channel: 'process', subject: 'SLA violation by Alpha Wholesale Networks' }]);
    // Measured once per supplier and period.
    await spm.monitorAndControlSPServiceQuality({ supplierId: 'SUP-ALPHA', ...JUNE }, key('m2'));
    expect(count('SELECT COUNT(*) FROM supplier_performance')).toBe(1);
  });

  it('finds a supplier without problems within its SLA, and refuses an unknown supplier or period', async () => {
    expect(await spm.monitorAndControlSPServiceQuality({ supplierId: 'SUP-BETA', ...JUNE }, key('m'))).toMatchObject({
      problems: 0,
      availabilityBp: 10000,
      slaBp: 9950,
      slaMet: true,
      meanTimeToResolveMinutes: null,
    });
    await expect(
      spm.monitorAndControlSPServiceQuality({ supplierId: 'SUP-NONE', ...JUNE }, key('x')),
    ).rejects.toMatchObject({ type: 'NotFound' });
    await expect(
      spm.monitorAndControlSPServiceQuality(
        { supplierId: 'SUP-BETA', periodStart: JUNE.periodEnd, periodEnd: JUNE.periodStart },
        key('y'),
      ),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
  });
});

describe('1.A.4.4.2 restoreSPServiceQuality', () => {
  it('tests what failed and asks the supplier for an improvement plan, once', async () => {
    await problemOf('PP-1', '2026-06-05T10:00:00.000Z', 12);
    await spm.monitorAndControlSPServiceQuality({ supplierId: 'SUP-ALPHA', ...JUNE }, key('m'));
    const r = await spm.restoreSPServiceQuality({ supplierId: 'SUP-ALPHA', ...JUNE }, key('r'));
    expect(r).toMatchObject({
      restorationReference: 'ALPHA-SIP-000001',
      restorationDetail: expect.stringContaining(CIRCUIT),
    });
    expect(await spm.restoreSPServiceQuality({ supplierId: 'SUP-ALPHA', ...JUNE }, key('r2'))).toMatchObject({
      restorationReference: 'ALPHA-SIP-000001',
    });
    expect(count('SELECT COUNT(*) FROM supplier_improvement_plans')).toBe(1);
    expect(rows("SELECT recipient FROM notifications WHERE channel = 'email'").map((r) => r.recipient)).toEqual([
      'orders@alpha-wholesale.example',
    ]);
  });

  it('has nothing to restore for a supplier within its SLA, nor for a period not measured', async () => {
    await expect(spm.restoreSPServiceQuality({ supplierId: 'SUP-BETA', ...JUNE }, key('r0'))).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    await spm.monitorAndControlSPServiceQuality({ supplierId: 'SUP-BETA', ...JUNE }, key('m'));
    await expect(spm.restoreSPServiceQuality({ supplierId: 'SUP-BETA', ...JUNE }, key('r'))).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });
});

describe('1.A.4.4.3 trackSPPerformance', () => {
  it('scores the period and sets the rating once, whatever the retries', async () => {
    await problemOf('PP-1', '2026-06-05T10:00:00.000Z', 12, { escalate: true });
    await spm.monitorAndControlSPServiceQuality({ supplierId: 'SUP-ALPHA', ...JUNE }, key('m'));
    const s = await spm.trackSPPerformance({ supplierId: 'SUP-ALPHA', ...JUNE }, key('t'));
    expect(s).toMatchObject({ ratingBefore: 4, ratingAfter: 2, scoredAt: clock.now.toISOString() });
    expect(rating('SUP-ALPHA')).toBe(2);
    await spm.trackSPPerformance({ supplierId: 'SUP-ALPHA', ...JUNE }, key('t2'));
    expect(rating('SUP-ALPHA')).toBe(2);
  });

  it('raises the rating of a supplier with a clean period', async () => {
    await spm.monitorAndControlSPServiceQuality({ supplierId: 'SUP-BETA', ...JUNE }, key('m'));
    expect(await spm.trackSPPerformance({ supplierId: 'SUP-BETA', ...JUNE }, key('t'))).toMatchObject({
      ratingBefore: 3,
      ratingAfter: 4,
    });
    expect(rating('SUP-BETA')).toBe(4);
  });
});
