import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { PartnerProblemPort, PerformanceMeasurement } from '../../src/ports/partner-problems';
import { rejection } from './harness';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The partner problems' contract (S/P Problem Reporting & Management 1.A.4.3, S/P Performance
 * Management 1.A.4.4), for every adapter (docs/ADAPTERS.md): a problem recorded once per key and
 * per id, moved along the transition table (a refused move leaving nothing and its key free), its
 * events once per key, the problems open over a period, a supplier's standing, and its
 * performance measured, restored and scored once per period — also when workers reopen one
 * problem, or score one period, at once. The clock reads `NOW`.
 */

export const NOW = '2026-06-01T10:00:00.000Z';

export type PartnerProblemHarness = StoreHarness<PartnerProblemPort>;

const resource = (id: string, state: string, supplierId: string | null): Fixture => [
  'resources',
  {
    id,
    spec_id: 'RS-CPE',
    resource_type: 'cpe',
    name: id,
    region: 'LYO',
    attributes: JSON.stringify(supplierId ? { supplierId, requisitionId: 'REQ-1' } : {}),
    state,
    updated_at: NOW,
  },
];
const contract = (id: string, slaPct: number): Fixture => [
  'supplier_contracts',
  {
    id,
    supplier_id: 'SUP-1',
    resource_spec_id: 'RS-CPE',
    region: 'LYO',
    price_minor: 12_000,
    lead_time_days: 10,
    availability_sla_pct: slaPct,
    valid_until: '2027-01-01',
  },
];
/** A problem stored earlier, as S/PRM left it: when it was reported, and when it closed if it did. */
const stored = (id: string, state: string, reportedAt: string, closedAt: string | null = null): Fixture => [
  'partner_problems',
  {
    id,
    service_problem_id: `SP-${id}`,
    service_id: 'SVC-1',
    customer_id: 'CUST-1',
    supplier_id: 'SUP-2',
    requisition_id: 'REQ-1',
    resource_id: 'CPE-1',
    description: 'no light',
    state,
    reported_at: reportedAt,
    closed_at: closedAt,
    updated_at: closedAt ?? reportedAt,
  },
];

const FIXTURES: readonly Fixture[] = [
  ['suppliers', { id: 'SUP-1', name: 'Acme', email: 'noc@acme.example', rating: 4 }],
  ['suppliers', { id: 'SUP-2', name: 'Beta', email: 'noc@beta.example', rating: 3 }],
  ['resource_specs', { id: 'RS-CPE', name: 'router', resource_type: 'cpe' }],
  contract('SC-1', 99.5),
  contract('SC-2', 99.95),
  resource('CPE-1', 'inService', 'SUP-1'),
  resource('CPE-2', 'outOfService', 'SUP-1'),
  resource('CPE-3', 'available', 'SUP-1'),
  resource('CPE-4', 'inService', 'SUP-2'),
  resource('CPE-5', 'inService', null),
];

const problem = (id: string) => ({
  id,
  serviceProblemId: `SP-${id}`,
  serviceId: 'SVC-1',
  customerId: 'CUST-1',
  supplierId: 'SUP-1',
  requisitionId: 'REQ-1',
  resourceId: 'CPE-1',
  description: 'no light on the access circuit',
});

const MAY = { supplierId: 'SUP-1', periodStart: '2026-05-01T00:00:00.000Z', periodEnd: '2026-06-01T00:00:00.000Z' };
const measured = (over: Partial<PerformanceMeasurement> = {}): PerformanceMeasurement => ({
  ...MAY,
  suppliedResources: 2,
  problems: 3,
  resolved: 2,
  escalations: 1,
  downtimeMinutes: 95,
  meanTimeToAcknowledgeMinutes: 12,
  meanTimeToResolveMinutes: null,
  availabilityBp: 9_978,
  slaBp: 9_995,
  slaMet: false,
  ...over,
});

export function partnerProblemsContract(adapter: string, make: () => Promise<PartnerProblemHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`partner problems port on ${adapter}`, () => {
    it(
      'recorded reported once per key and per id; moved along the table with each instant stamped once',
      withStore(async (h) => {
        const p = await h.port.record('k/p', problem('PP-1'));
        expect(p).toEqual({
          ...problem('PP-1'),
          state: 'reported',
          supplierReference: null,
          escalated: false,
          reopened: 0,
          resolution: null,
          reportedAt: NOW,
          acknowledgedAt: null,
          escalatedAt: null,
          resolvedAt: null,
          closedAt: null,
        });
        expect(await h.port.record('k/p', problem('PP-1'))).toEqual(p);
        expect(await h.port.record('k/p-again', { ...problem('PP-1'), description: 'other' })).toEqual(p);
        expect(await h.count('partner_problems')).toBe(1);

        const ack = await h.port.update('k/ack', 'PP-1', { state: 'acknowledged', supplierReference: 'ACME-T-9' });
        expect(ack).toMatchObject({ state: 'acknowledged', supplierReference: 'ACME-T-9', acknowledgedAt: NOW });
        expect(await h.port.update('k/ack', 'PP-1', { state: 'acknowledged' })).toEqual(ack);
        const esc = await h.port.update('k/esc', 'PP-1', { state: 'escalated', escalate: true });
        expect(esc).toMatchObject({
          state: 'escalated',
          escalated: true,
          escalatedAt: NOW,
          supplierReference: 'ACME-T-9',
        });
        const fixed = await h.port.update('k/fix', 'PP-1', { state: 'resolved', resolution: 'fibre spliced' });
        expect(fixed).toMatchObject({
          state: 'resolved',
          resolution: 'fibre spliced',
          resolvedAt: NOW,
          closedAt: null,
        });
        const again = await h.port.update('k/reopen', 'PP-1', { state: 'inProgress', reopen: true });
        expect(again).toMatchObject({ state: 'inProgress', reopened: 1, resolution: 'fibre spliced', escalated: true });
        await h.port.update('k/fix2', 'PP-1', { state: 'resolved' });
        expect(await h.port.update('k/close', 'PP-1', { state: 'closed' })).toMatchObject({
          state: 'closed',
          closedAt: NOW,
          reopened: 1,
        });
        expect(await h.port.get('PP-NONE')).toBeUndefined();
      }),
    );

    it(
      'a move the table refuses leaves nothing and its key free; an unknown problem is NotFound',
      withStore(async (h) => {
        await h.port.record('k/p', problem('PP-1'));
        const err = await rejection(h.port.update('k/move', 'PP-1', { state: 'closed', resolution: 'never' }));
        expect(err.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect(err.message).toMatch(/PP-1 cannot move from reported to closed/);
        expect(await h.port.get('PP-1')).toMatchObject({ state: 'reported', resolution: null, closedAt: null });
        expect(await h.port.update('k/move', 'PP-1', { state: 'cancelled' })).toMatchObject({ state: 'cancelled' });
        expect((await rejection(h.port.update('k/none', 'PP-NONE', { state: 'resolved' }))).type).toBe(
          BusinessErrorType.NotFound,
        );
      }),
    );

    it(
      "events once per key, in the order stored; the supplier's problems open at some time in a period, oldest first",
      withStore(async (h) => {
        await h.port.record('k/p', problem('PP-1'));
        const e = (kind: string, key: string) => ({ kind, detail: `${kind}!`, key, at: '2026-06-01T11:00:00.000Z' });
        expect(await h.port.addEvent('PP-1', e('acknowledged', 'ack@1'))).toBe(true);
        expect(await h.port.addEvent('PP-1', e('acknowledged', 'ack@1'))).toBe(false);
        expect(await h.port.addEvent('PP-1', e('resolved', 'res@2'))).toBe(true);
        expect(await h.port.events('PP-1')).toEqual([
          { kind: 'acknowledged', detail: 'acknowledged!', at: '2026-06-01T11:00:00.000Z' },
          { kind: 'resolved', detail: 'resolved!', at: '2026-06-01T11:00:00.000Z' },
        ]);
        // A claim taken back (its work failed) frees its key, and only its own, for the next try.
        expect(await h.port.removeEvent('PP-1', 'ack@1')).toBe(true);
        expect(await h.port.removeEvent('PP-1', 'ack@1')).toBe(false);
        expect((await h.port.events('PP-1')).map((e) => e.kind)).toEqual(['resolved']);
        expect(await h.port.addEvent('PP-1', e('acknowledged', 'ack@1'))).toBe(true);
        expect(await h.port.addEvent('PP-1', e('acknowledged', 'ack@1'))).toBe(false);

        for (const f of [
          stored('PP-A', 'closed', '2026-04-10T00:00:00.000Z', '2026-04-20T00:00:00.000Z'),
          stored('PP-B', 'closed', '2026-04-25T00:00:00.000Z', '2026-05-02T00:00:00.000Z'),
          stored('PP-C', 'inProgress', '2026-05-20T00:00:00.000Z'),
          stored('PP-D', 'reported', '2026-06-03T00:00:00.000Z'),
          stored('PP-E', 'inProgress', '2026-03-01T00:00:00.000Z'),
        ])
          await h.insert(...f);
        expect((await h.port.overlapping('SUP-2', MAY.periodStart, MAY.periodEnd)).map((p) => p.id)).toEqual([
          'PP-E',
          'PP-B',
          'PP-C',
        ]);
        expect(await h.port.overlapping('SUP-1', MAY.periodStart, MAY.periodEnd)).toEqual([]);
      }),
    );

    it(
      "a supplier's standing: rating, its strictest SLA in basis points, the resources it supplied in use",
      withStore(async (h) => {
        expect(await h.port.supplier('SUP-1')).toEqual({
          supplierId: 'SUP-1',
          name: 'Acme',
          email: 'noc@acme.example',
          rating: 4,
          slaBp: 9_995,
          suppliedResourceIds: ['CPE-1', 'CPE-2'],
        });
        expect(await h.port.supplier('SUP-2')).toMatchObject({ slaBp: 0, suppliedResourceIds: ['CPE-4'] });
        expect(await h.port.supplier('SUP-NONE')).toBeUndefined();
      }),
    );

    it(
      'performance measured once per supplier and period, a restoration asked once, scored once (the rating moves once)',
      withStore(async (h) => {
        expect(await h.port.performance(MAY)).toBeUndefined();
        expect((await rejection(h.port.recordRestoration('k/r0', MAY, { reference: 'R', detail: 'd' }))).type).toBe(
          BusinessErrorType.NotFound,
        );
        const m = await h.port.recordMeasurement('k/m', measured());
        expect(m).toEqual({
          ...measured(),
          restorationReference: null,
          restorationDetail: null,
          restorationRequestedAt: null,
          ratingBefore: null,
          ratingAfter: null,
          scoredAt: null,
        });
        expect(await h.port.recordMeasurement('k/m2', measured({ problems: 9, slaMet: true }))).toEqual(m);
        const r = await h.port.recordRestoration('k/r', MAY, { reference: 'RST-1', detail: 'replace the card' });
        expect(r).toMatchObject({ restorationReference: 'RST-1', restorationDetail: 'replace the card' });
        expect(r.restorationRequestedAt).toBe(NOW);
        expect(await h.port.recordRestoration('k/r2', MAY, { reference: 'RST-2', detail: 'x' })).toEqual(r);
        const scored = await h.port.recordScore('k/s', MAY, 2);
        expect(scored).toMatchObject({ ratingBefore: 4, ratingAfter: 2, scoredAt: NOW });
        expect(await h.port.recordScore('k/s2', MAY, 1)).toEqual(scored);
        expect((await h.port.supplier('SUP-1'))?.rating).toBe(2);
        expect(await h.port.performance(MAY)).toEqual(scored);
        expect(await h.count('supplier_performance')).toBe(1);
      }),
    );

    it(
      'concurrent workers: eight reopening one problem at once count eight reopenings; four scoring one period score it once',
      withStore(async (h) => {
        await h.port.record('k/p', problem('PP-1'));
        await h.port.update('k/fix', 'PP-1', { state: 'resolved' });
        await Promise.all(
          [1, 2, 3, 4, 5, 6, 7, 8].map((w) =>
            h.port.update(`k/reopen/${w}`, 'PP-1', { state: 'inProgress', reopen: true }),
          ),
        );
        expect(await h.port.get('PP-1')).toMatchObject({ state: 'inProgress', reopened: 8 });

        await h.port.recordMeasurement('k/m', measured());
        const scores = await Promise.all([1, 2, 3, 4].map((w) => h.port.recordScore(`k/s/${w}`, MAY, w + 1)));
        expect(new Set(scores.map((s) => `${s.ratingBefore}>${s.ratingAfter}`)).size).toBe(1);
        expect(scores[0]!.ratingBefore).toBe(4);
        expect((await h.port.supplier('SUP-1'))?.rating).toBe(scores[0]!.ratingAfter);
      }),
    );
  });
}
