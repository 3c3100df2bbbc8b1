import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import { type CycleCounter, rateOnCounter } from '../../src/domain/billing/rating';
import { utcMillis } from '../../src/domain/billing/usage';
import type { UsageEvents, UsagePort, UsageRecord } from '../../src/ports/usage';
import { rejection } from './harness';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The usage port's contract (1.AB.3.5 collection and audit, 1.B.2.5 mediation and rating, TMF635
 * posted usage), for every adapter (docs/ADAPTERS.md): the simulated elements' records of a
 * period collected once (also by two collections at once), processed, audited (a failed audit
 * holds distribution until settled), mediated (malformed and duplicate records rejected) and
 * rated on the cycle's counters in the order they happened — the charges are those of the
 * domain's rating replayed over the records, also when two workers rate at once; posted records
 * numbered on their element and collected with the rest; tariffs once per key.
 */

export const NOW = '2026-07-01T06:00:00.000Z';
const JUNE = { periodStart: '2026-06-01T00:00:00.000Z', periodEnd: '2026-07-01T00:00:00.000Z' };

/** Beside the port: anomalies injected into the simulated elements' next production. */
export interface UsageReads {
  injectAnomalies(a: { duplicates?: number; malformed?: number; lost?: number }): Promise<void>;
}
export type UsageHarness = StoreHarness<UsagePort, UsageReads>;

/** An active service of `cfs` sold as `offering`, metered on port NE-n. */
const metered = (n: number, cfs: string, offering: string): Fixture[] => [
  [
    'service_orders',
    {
      id: `SO-${n}`,
      product_order_id: 'ORD-1',
      item_id: String(n),
      customer_id: 'CUST-1',
      cfs_spec_id: cfs,
      region: 'PAR',
      action: 'add',
      state: 'completed',
      created_at: NOW,
      updated_at: NOW,
    },
  ],
  [
    'services',
    {
      id: `SVC-${n}`,
      cfs_spec_id: cfs,
      customer_id: 'CUST-1',
      region: 'PAR',
      state: 'active',
      characteristics: '{}',
      service_order_id: `SO-${n}`,
      design: '{}',
      created_at: NOW,
      updated_at: NOW,
    },
  ],
  [
    'resources',
    {
      id: `NE-${n}`,
      spec_id: 'RS-PORT',
      resource_type: 'port',
      name: `NE-${n}`,
      region: 'PAR',
      state: 'inService',
      service_id: `SVC-${n}`,
      customer_id: 'CUST-1',
      updated_at: NOW,
    },
  ],
  [
    'products',
    {
      id: `PRD-${n}`,
      customer_id: 'CUST-1',
      product_offering_id: offering,
      order_id: 'ORD-1',
      item_id: String(n),
      billing_account_id: 'BA-1',
      status: 'active',
      recurring_minor: 1_000,
      one_time_minor: 0,
      service_ids: JSON.stringify([`SVC-${n}`]),
      region: 'PAR',
      start_date: NOW,
    },
  ],
];

/** A voice line (SVC-1 on NE-1) and a business fibre (SVC-2 on NE-2): 40 calls and 30 sessions a period. */
const FIXTURES: readonly Fixture[] = [
  ...['PO-VOICE-LINE', 'PO-FIBRE-BIZ'].map((id): Fixture => [
    'product_offerings',
    {
      id,
      name: id,
      description: id,
      recurring_minor: 1_000,
      one_time_minor: 0,
      lead_time_days: 5,
      segment: 'business',
    },
  ]),
  ...['CFS-VOICE-LINE', 'CFS-FIBRE-ACCESS'].map((id): Fixture => [
    'cfs_specs',
    { id, name: id, service_type: 'access' },
  ]),
  ['resource_specs', { id: 'RS-PORT', name: 'port', resource_type: 'port' }],
  [
    'customers',
    {
      id: 'CUST-1',
      name: 'C',
      segment: 'business',
      region: 'PAR',
      email: 'c@example.test',
      status: 'active',
      created_at: NOW,
    },
  ],
  ['billing_accounts', { id: 'BA-1', customer_id: 'CUST-1', created_at: NOW }],
  [
    'product_orders',
    { id: 'ORD-1', customer_id: 'CUST-1', channel: 'web', state: 'completed', created_at: NOW, updated_at: NOW },
  ],
  ...metered(1, 'CFS-VOICE-LINE', 'PO-VOICE-LINE'),
  ...metered(2, 'CFS-FIBRE-ACCESS', 'PO-FIBRE-BIZ'),
];

/** The charges the domain's rating gives the records, replayed in the order they happened on fresh cycle counters. */
async function replayed(port: UsagePort, records: UsageRecord[]) {
  const tariffs = new Map((await port.tariffs()).map((t) => [t.id, t]));
  const counters = new Map<string, CycleCounter>();
  const ordered = [...records].sort((a, b) =>
    a.startedAt! < b.startedAt! ? -1 : a.startedAt! > b.startedAt! ? 1 : a.id - b.id,
  );
  return new Map(
    ordered.map((r) => {
      const key = `${r.serviceId}/${r.usageType}`;
      const counter = counters.get(key) ?? { tariff: tariffs.get(r.tariffId!)!, unitsUsed: 0 };
      counters.set(key, counter);
      const rating = rateOnCounter(counter, r.quantity!, utcMillis(r.startedAt!));
      return [r.id, [rating.allowanceUnits, rating.chargeMinor]] as const;
    }),
  );
}

const usageEvents: UsageEvents = (eventType, usage) => ({
  api: 'usageManagement',
  entityType: 'usage',
  entityId: usage.id,
  eventType,
  event: { id: usage.id, status: usage.state },
});

async function collectedAndGuided(h: UsageHarness) {
  await h.port.collect('k/collect', { collectionId: 'COL-1', ...JUNE });
  await h.port.process('k/process', 'COL-1');
  return h.port.mediate('k/mediate', 'COL-1');
}

export function usageContract(adapter: string, make: () => Promise<UsageHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`usage port on ${adapter}`, () => {
    it(
      "a period's records collected once, processed, audited, distributed, mediated and rated as the domain rates them",
      withStore(async (h) => {
        expect(await h.port.lastCollectionEnd()).toBeNull();
        const c = await h.port.collect('k/collect', { collectionId: 'COL-1', ...JUNE });
        expect(c).toEqual({ collectionId: 'COL-1', ...JUNE, collected: 70 });
        expect(await h.port.collect('k/collect', { collectionId: 'COL-1', ...JUNE })).toEqual(c);
        expect((await rejection(h.port.collect('k/again', { collectionId: 'COL-1', ...JUNE }))).type).toBe(
          BusinessErrorType.ConflictingRequest,
        );
        expect(await h.port.lastCollectionEnd()).toBe(JUNE.periodEnd);
        const steps: number[] = [];
        expect(await h.port.process('k/process', 'COL-1', (n) => steps.push(n))).toEqual({
          processed: 70,
          formatErrors: 0,
          unmapped: 0,
        });
        expect(steps).toEqual([70]);
        const audit = await h.port.audit('k/audit', 'COL-1');
        expect(audit).toMatchObject({
          produced: 70,
          collected: 70,
          missing: 0,
          duplicates: 0,
          status: 'passed',
          findings: [],
        });
        expect(await h.port.distribute('k/dist', 'COL-1', 'mediation')).toMatchObject({ records: 70 });

        const m = await h.port.mediate('k/mediate', 'COL-1');
        expect(m.guided).toBe(70);
        expect(m.aggregates.map((a) => [a.serviceId, a.usageType, a.records])).toEqual([
          ['SVC-1', 'voice', 40],
          ['SVC-2', 'data', 30],
        ]);
        const rated = await h.port.rate('k/rate', { collectionId: 'COL-1', cycleId: 'CYC-06' });
        const records = await h.port.records({ collectionId: 'COL-1' });
        expect(rated).toEqual({ rated: 70, chargeMinor: records.reduce((s, r) => s + r.chargeMinor!, 0) });
        expect(await h.port.rate('k/rate', { collectionId: 'COL-1', cycleId: 'CYC-06' })).toEqual(rated);
        const expected = await replayed(h.port, records);
        expect(records.map((r) => [r.id, [r.allowanceUnits, r.chargeMinor]])).toEqual(
          records.map((r) => [r.id, expected.get(r.id)]),
        );
        // The voice line's 60 included minutes are used first; the fibre's 20 GB too.
        const allowance = (svc: string) =>
          records.filter((r) => r.serviceId === svc).reduce((s, r) => s + r.allowanceUnits!, 0);
        expect([allowance('SVC-1'), allowance('SVC-2')]).toEqual([60, 20]);
        expect(await h.port.countByState('COL-1')).toEqual({ rated: 70 });
        const one = (await h.port.record(records[0]!.id))!;
        expect(one).toEqual(records[0]);
        expect(one.parts!.reduce((s, p) => s + p.units * p.priceMinor, 0)).toBe(one.chargeMinor);

        const report = await h.port.analyze('k/report', { collectionId: 'COL-1' });
        expect(report.byCustomer.map((b) => [b.customerId, b.usageType, b.records, b.chargeMinor])).toEqual([
          ['CUST-1', 'data', 30, records.filter((r) => r.usageType === 'data').reduce((s, r) => s + r.chargeMinor!, 0)],
          [
            'CUST-1',
            'voice',
            40,
            records.filter((r) => r.usageType === 'voice').reduce((s, r) => s + r.chargeMinor!, 0),
          ],
        ]);
      }),
    );

    it(
      'a lost, a malformed and a duplicated record: the audit fails and holds distribution until settled; mediation rejects them',
      withStore(async (h) => {
        await h.injectAnomalies({ lost: 1, malformed: 1, duplicates: 1 });
        await h.port.collect('k/collect', { collectionId: 'COL-1', ...JUNE });
        expect(await h.port.process('k/process', 'COL-1')).toMatchObject({ processed: 70, formatErrors: 1 });
        const audit = await h.port.audit('k/audit', 'COL-1');
        expect(audit).toMatchObject({ produced: 71, collected: 70, missing: 1, duplicates: 1, status: 'failed' });
        expect(audit.findings).toEqual([
          { elementId: 'NE-1', missingSeqs: [2], duplicateCorrelationIds: ['CALL-NE-1-4'] },
        ]);
        expect((await rejection(h.port.distribute('k/dist', 'COL-1', 'mediation'))).type).toBe(
          BusinessErrorType.InvalidStateTransition,
        );
        const settled = await h.port.settleAudit('k/settle', audit.auditId);
        expect(settled).toMatchObject({
          status: 'settled',
          settlement:
            '0 missing record(s) recovered from the elements, 1 written off as lost, 1 duplicate(s) left for mediation to reject',
        });
        expect(await h.port.distribute('k/dist', 'COL-1', 'mediation')).toMatchObject({ records: 70 });
        const m = await h.port.mediate('k/mediate', 'COL-1');
        expect([m.guided, m.rejected]).toEqual([68, { MALFORMED: 1, DUPLICATE: 1 }]);
        expect((await rejection(h.port.recycle('k/recycle', ['MALFORMED']))).type).toBe(
          BusinessErrorType.InvalidStateTransition,
        );
        expect(await h.port.countByState('COL-1')).toEqual({ guided: 68, rejected: 2 });
      }),
    );

    it(
      'concurrent workers: two collections at once take each record once; two raters at once rate each record once, as the domain rates them',
      withStore(async (h) => {
        const both = await Promise.all(
          ['COL-A', 'COL-B'].map((id) => h.port.collect(`k/${id}`, { collectionId: id, ...JUNE })),
        );
        expect(both.reduce((s, c) => s + c.collected, 0)).toBeGreaterThanOrEqual(70);
        expect(await h.count('usage_records')).toBe(both.reduce((s, c) => s + c.collected, 0));
        for (const c of both) await h.port.process(`k/p/${c.collectionId}`, c.collectionId);
        await h.port.mediate('k/mediate', null);
        await Promise.all(['a', 'b'].map((w) => h.port.rate(`k/rate/${w}`, { collectionId: null, cycleId: 'CYC-06' })));
        const records = (await h.port.records({})).filter((r) => r.state === 'rated');
        expect(records).toHaveLength(await h.count('usage_records'));
        const expected = await replayed(h.port, records);
        expect(records.map((r) => [r.allowanceUnits, r.chargeMinor])).toEqual(records.map((r) => expected.get(r.id)));
      }),
    );

    it(
      'posted usage (TMF635): numbered on the element that meters the product, one record per id, collected and rated with the rest',
      withStore(async (h) => {
        expect(await h.port.meterOf('PRD-1')).toEqual({ serviceId: 'SVC-1', elementId: 'NE-1' });
        expect(await h.port.meterOf('PRD-NONE')).toBeUndefined();
        const posted = {
          id: 'USG-1',
          usageType: 'voice' as const,
          usageDate: '2026-06-15T10:00:00Z',
          quantity: 125,
          party: '+33612345678',
          customerId: 'CUST-1',
          productId: 'PRD-1',
          serviceId: 'SVC-1',
          elementId: 'NE-1',
          description: null,
          characteristics: [{ name: 'roaming', value: false }],
        };
        const first = await h.port.receive(posted, NOW, usageEvents);
        expect(first.created).toBe(true);
        expect(first.usage).toMatchObject({
          ...posted,
          receivedAt: NOW,
          state: 'received',
          record: null,
          tariff: null,
        });
        expect((await h.port.receive(posted, NOW, usageEvents)).created).toBe(false);
        await collectedAndGuided(h);
        await h.port.rate('k/rate', { collectionId: 'COL-1', cycleId: 'CYC-06' }, undefined, usageEvents);
        const after = (await h.port.submitted('USG-1'))!;
        expect(after).toMatchObject({ state: 'rated', tariff: { id: 'TAR-VOICE-LINE' } });
        expect(after.record).toMatchObject({ elementId: 'NE-1', quantity: 125, correlationId: 'USG-1' });
        // Created, then rated: mediation's guiding publishes nothing.
        expect(await h.count('event_outbox')).toBe(2);
        const page = await h.port.searchSubmitted({ states: ['rated'], offset: 0, limit: 10 });
        expect([page.total, page.usages.map((u) => u.id)]).toEqual([1, ['USG-1']]);
        expect((await h.port.searchSubmitted({ states: ['received'], offset: 0, limit: 10 })).total).toBe(0);
      }),
    );

    it(
      'tariffs: the three shipped, changed and removed once per key',
      withStore(async (h) => {
        expect((await h.port.tariffs()).map((t) => t.id)).toEqual(['TAR-FIBRE-DATA', 'TAR-VOICE-LINE', 'TAR-VPN-DATA']);
        const voice = (await h.port.tariffFor('PO-VOICE-LINE', 'voice'))!;
        expect(voice).toMatchObject({ allowanceUnits: 60, peak: { startHour: 8, endHour: 20 } });
        const cheaper = { ...voice, tiers: [{ upTo: null, priceMinor: 6, offPeakPriceMinor: 2 }] };
        expect(await h.port.upsertTariff('k/t', cheaper)).toEqual(cheaper);
        await h.port.upsertTariff('k/t', voice);
        expect((await h.port.tariffFor('PO-VOICE-LINE', 'voice'))!.tiers).toEqual(cheaper.tiers);
        await h.port.removeTariff('k/rm', 'TAR-VPN-DATA');
        expect(await h.port.tariffFor('PO-VPN-BIZ', 'data')).toBeUndefined();
        expect(await h.count('tariffs')).toBe(2);
      }),
    );
  });
}
