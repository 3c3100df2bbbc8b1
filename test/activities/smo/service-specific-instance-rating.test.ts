import { beforeEach, describe, expect, it } from 'vitest';
import { createServiceSpecificInstanceRatingActivities } from '../../../activities/smo/service-specific-instance-rating';
import { rate, type Tariff } from '../../../src/domain/billing/rating';
import { formatCdr, type UsageEvent } from '../../../src/domain/billing/usage';
import { useTestStore } from '../../support/store';

const t = useTestStore('2026-07-01T00:00:00Z', { installedBase: true });
const { one, rows, value, run, count: countOf } = t;
let smo: ReturnType<typeof createServiceSpecificInstanceRatingActivities>;
let seq = 0;
beforeEach(() => {
  smo = createServiceSpecificInstanceRatingActivities(t.store.ports);
  run(
    "INSERT INTO usage_collections (id, period_start, period_end, created_at) VALUES ('COL-T', '2026-06-01', '2026-07-01', '2026-07-01')",
  );
});

const OWNERS: Record<string, [string, string, string, string]> = {
  'VPORT-PAR-1-1': ['SVC-IB05-1', 'CUST-1006', 'PRD-IB05', 'PO-VOICE-LINE'],
  'PORT-PAR-1-1-1': ['SVC-IB01-1', 'CUST-1001', 'PRD-IB01', 'PO-FIBRE-BIZ'],
  'AC-MRS-ALPHA-IB06': ['SVC-IB06-1', 'CUST-1002', 'PRD-IB06', 'PO-VPN-BIZ'],
};
/** A processed record, as RM&O hands it over. */
function received(elementId: string, startedAt: string, quantity: number, correlationId?: string): number {
  seq++;
  const [serviceId, customerId, productId, offeringId] = OWNERS[elementId]!;
  const e: UsageEvent = {
    usageType: elementId.startsWith('VPORT') ? 'voice' : 'data',
    correlationId: correlationId ?? `C-${seq}`,
    elementId,
    seq,
    startedAt,
    quantity,
    party: 'x',
  };
  return Number(
    run(
      `INSERT INTO usage_records (collection_id, element_id, element_seq, raw, state, processed, usage_type, correlation_id, started_at,
           quantity, party, resource_id, service_id, customer_id, product_id, product_offering_id, updated_at)
         VALUES ('COL-T', ?, ?, ?, 'received', 1, ?, ?, ?, ?, 'x', ?, ?, ?, ?, ?, '2026-07-01')`,
      elementId,
      seq,
      formatCdr(e),
      e.usageType,
      e.correlationId,
      startedAt,
      quantity,
      elementId,
      serviceId,
      customerId,
      productId,
      offeringId,
    ).lastInsertRowid,
  );
}
const rec = (id: number) => one('SELECT * FROM usage_records WHERE id = ?', id);

const FIBRE: Tariff = {
  id: 'T',
  productOfferingId: 'PO-FIBRE-BIZ',
  usageType: 'data',
  name: 't',
  unitSize: 1024,
  unitLabel: 'GB',
  allowanceUnits: 20,
  tiers: [
    { upTo: 50, priceMinor: 25, offPeakPriceMinor: null },
    { upTo: null, priceMinor: 10, offPeakPriceMinor: null },
  ],
  peak: null,
  currency: 'EUR',
};

describe('1.B.2.5.1 mediateUsageRecords', () => {
  it('guides valid records with their tariff and aggregates them by service usage type', async () => {
    received('VPORT-PAR-1-1', '2026-06-03T09:00:00Z', 100);
    received('PORT-PAR-1-1-1', '2026-06-03T09:00:00Z', 500);
    received('PORT-PAR-1-1-1', '2026-06-04T09:00:00Z', 700);
    const out = await smo.mediateUsageRecords({ action: 'mediate', collectionId: 'COL-T' });
    expect(out.guided).toBe(3);
    expect(out.aggregates).toEqual([
      { serviceId: 'SVC-IB01-1', usageType: 'data', records: 2, quantity: 1200 },
      { serviceId: 'SVC-IB05-1', usageType: 'voice', records: 1, quantity: 100 },
    ]);
    expect(
      t.store.db
        .prepare("SELECT DISTINCT tariff_id FROM usage_records WHERE state = 'guided' ORDER BY 1")
        .pluck()
        .all(),
    ).toEqual(['TAR-FIBRE-DATA', 'TAR-VOICE-LINE']);
  });

  it('rates a duplicate record once: the second copy is rejected for good', async () => {
    const a = received('VPORT-PAR-1-1', '2026-06-03T09:00:00Z', 3700, 'CALL-SAME');
    const b = received('VPORT-PAR-1-1', '2026-06-03T09:00:00Z', 3700, 'CALL-SAME');
    const out = await smo.mediateUsageRecords({ action: 'mediate', collectionId: 'COL-T' });
    expect(out).toMatchObject({ guided: 1, rejected: { DUPLICATE: 1 } });
    await smo.rateUsageRecords({ collectionId: 'COL-T', cycleId: 'CY-1' });
    expect(rec(a)).toMatchObject({ state: 'rated', units: 62, charge_minor: 2 * 9 });
    expect(rec(b)).toMatchObject({ state: 'rejected', reject_reason: 'DUPLICATE', charge_minor: null });
    await expect(smo.mediateUsageRecords({ action: 'recycle', reasons: ['DUPLICATE'] })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });

  it('recycles a rejected record once its reference data is fixed', async () => {
    const tariff = (await t.store.ports.usage.tariffFor('PO-VPN-BIZ', 'data'))!;
    await t.store.ports.usage.removeTariff('rm', tariff.id);
    const id = received('AC-MRS-ALPHA-IB06', '2026-06-03T09:00:00Z', 2048);
    expect(await smo.mediateUsageRecords({ action: 'mediate', collectionId: 'COL-T' })).toMatchObject({
      guided: 0,
      rejected: { NO_TARIFF: 1 },
    });
    expect(rec(id)).toMatchObject({ state: 'rejected', reject_reason: 'NO_TARIFF' });
    await t.store.ports.usage.upsertTariff('fix', tariff);
    const out = await smo.mediateUsageRecords({ action: 'recycle', reasons: ['NO_TARIFF'] });
    expect(out).toMatchObject({ recycled: 1, guided: 1 });
    await smo.rateUsageRecords({ collectionId: null, cycleId: 'CY-1' });
    expect(rec(id)).toMatchObject({ state: 'rated', units: 2, charge_minor: 4, reject_reason: null });
  });
});

describe('1.B.2.5.2 rateUsageRecords', () => {
  it('applies the allowance, the time of day and the tiers exactly as hand-computed', async () => {
    // Voice: 60 s units, 60 min included, 9 peak (weekdays 08–20 UTC) / 3 off-peak.
    const a = received('VPORT-PAR-1-1', '2026-06-03T09:00:00Z', 3540); // Wed: 59 units, all included → 0
    const b = received('VPORT-PAR-1-1', '2026-06-03T10:00:00Z', 121); // 3 units: 1 included, 2 × 9 = 18
    const c = received('VPORT-PAR-1-1', '2026-06-06T10:00:00Z', 61); // Saturday: 2 × 3 = 6
    const d = received('VPORT-PAR-1-1', '2026-06-03T20:00:00Z', 60); // 20:00 is off-peak: 1 × 3 = 3
    // Fibre: 1 GB units, 20 included, up to 50 at 25, then 10.
    const e = received('PORT-PAR-1-1-1', '2026-06-02T00:00:00Z', 20 * 1024); // 20 units included → 0
    const f = received('PORT-PAR-1-1-1', '2026-06-02T01:00:00Z', 30 * 1024); // units 21–50 → 30 × 25 = 750
    const g = received('PORT-PAR-1-1-1', '2026-06-02T02:00:00Z', 1025); // 2 units beyond 50 → 2 × 10 = 20
    await smo.mediateUsageRecords({ action: 'mediate', collectionId: 'COL-T' });
    const out = await smo.rateUsageRecords({ collectionId: 'COL-T', cycleId: 'CY-1' }, { idempotencyKey: 'r1' });
    const charges = [a, b, c, d, e, f, g].map((id) => rec(id)['charge_minor']);
    expect(charges).toEqual([0, 18, 6, 3, 0, 750, 20]);
    expect(out).toMatchObject({ rated: 7, chargeMinor: 797 });
    expect(rows('SELECT service_id, units_used FROM usage_counters ORDER BY 1')).toEqual([
      { service_id: 'SVC-IB01-1', units_used: 52 },
      { service_id: 'SVC-IB05-1', units_used: 65 },
    ]);
    // A retry rates nothing twice.
    expect(
      await smo.rateUsageRecords({ collectionId: 'COL-T', cycleId: 'CY-1' }, { idempotencyKey: 'r1' }),
    ).toMatchObject({ rated: 7, chargeMinor: 797 });
  });

  it('heartbeats after every chunk of a long pass, and a retry after a lost worker rates the rest once', async () => {
    // 45,000 calls of 61 s (2 units each) across three chunks of 20,000.
    const n = 45_000;
    t.store.db.transaction(() => {
      for (let i = 0; i < n; i++)
        received('VPORT-PAR-1-1', `2026-06-${String(1 + (i % 28)).padStart(2, '0')}T03:00:00Z`, 61, `BULK-${i}`);
    })();
    const mediated: unknown[] = [];
    await smo.mediateUsageRecords(
      { action: 'mediate', collectionId: 'COL-T' },
      { heartbeat: (d) => void mediated.push(d) },
    );
    expect(mediated).toEqual([{ mediated: 20_000 }, { mediated: 40_000 }, { mediated: n }]);

    const beats: unknown[] = [];
    const lostAfterFirstChunk = (d: unknown) => {
      beats.push(d);
      throw new Error('worker lost');
    };
    await expect(
      smo.rateUsageRecords(
        { collectionId: 'COL-T', cycleId: 'CY-1' },
        { idempotencyKey: 'bulk', heartbeat: lostAfterFirstChunk },
      ),
    ).rejects.toThrow('worker lost');
    expect(beats).toEqual([{ rated: 20_000 }]);
    const count = (state: string) => countOf('SELECT COUNT(*) FROM usage_records WHERE state = ?', state);
    expect([count('rated'), count('guided')]).toEqual([20_000, n - 20_000]);

    // The retry (same activity execution, same key) starts from the records' states.
    const out = await smo.rateUsageRecords(
      { collectionId: 'COL-T', cycleId: 'CY-1' },
      { idempotencyKey: 'bulk', heartbeat: (d) => void beats.push(d) },
    );
    expect(beats.slice(1)).toEqual([{ rated: 20_000 }, { rated: n - 20_000 }]);
    expect(count('rated')).toBe(n);
    // Each call rated once: the cycle counter holds every unit exactly once.
    expect(value("SELECT units_used FROM usage_counters WHERE service_id = 'SVC-IB05-1'")).toBe(2 * n);
    const allowance = (await t.store.ports.usage.tariffFor('PO-VOICE-LINE', 'voice'))!.allowanceUnits;
    expect(out).toMatchObject({ rated: n, chargeMinor: (2 * n - allowance) * 3 });
  });

  it('splits a record across a tier boundary', () => {
    expect(rate(FIBRE, 20, 31, true)).toMatchObject({
      chargeMinor: 30 * 25 + 10,
      parts: [
        { tier: 1, units: 30 },
        { tier: 2, units: 1 },
      ],
    });
    expect(rate(FIBRE, 15, 10, true)).toMatchObject({ allowanceUnits: 5, chargeMinor: 5 * 25 });
  });
});

describe('1.B.2.5.3 analyzeUsageRecords', () => {
  it('reports usage per customer and flags a call left open for hours', async () => {
    received('VPORT-PAR-1-1', '2026-06-03T02:00:00Z', 4 * 3600);
    received('PORT-PAR-1-1-1', '2026-06-03T03:00:00Z', 3500);
    await smo.mediateUsageRecords({ action: 'mediate', collectionId: 'COL-T' });
    await smo.rateUsageRecords({ collectionId: 'COL-T', cycleId: 'CY-1' });
    const out = await smo.analyzeUsageRecords({ collectionId: 'COL-T' });
    expect(out.byCustomer.map((b) => [b.customerId, b.usageType, b.records])).toEqual([
      ['CUST-1001', 'data', 1],
      ['CUST-1006', 'voice', 1],
    ]);
    expect(out.anomalies.map((x) => x.kind).sort()).toEqual(['longCall', 'nightVolume']);
    expect(countOf('SELECT COUNT(*) FROM usage_reports')).toBe(1);
  });
});
