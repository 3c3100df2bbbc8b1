import { describe, expect, it } from 'vitest';
import type { RatingReferencePort } from '../../src/ports/rating-references';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The rating reference data's contract (1.O.2.1.5), for every adapter (docs/ADAPTERS.md): each
 * service class with the catalog prices of the offerings that sell it and the tariffs rating
 * reads (the three the store ships with), a version recorded only when the checksum changes and
 * once per key — also when workers record the same change at once; the offerings whose metered
 * services no tariff prices; the records rejected for want of a tariff that now has one.
 */

export const NOW = '2026-03-02T09:00:00.000Z';

/** Beside the port: the tariff table emptied (a store loaded without rating's tariffs). */
export interface RatingReads {
  removeTariffs(): Promise<void>;
}
export type RatingReferenceHarness = StoreHarness<RatingReferencePort, RatingReads>;

const offering = (id: string, recurring: number): Fixture => [
  'product_offerings',
  {
    id,
    name: id,
    description: id,
    recurring_minor: recurring,
    one_time_minor: 0,
    lead_time_days: 5,
    segment: 'business',
  },
];
const cfs = (id: string): Fixture => ['cfs_specs', { id, name: id, service_type: 'access' }];
const sells = (offeringId: string, cfsSpecId: string): Fixture => [
  'offering_services',
  { offering_id: offeringId, cfs_spec_id: cfsSpecId },
];

/** An active service of `cfsSpecId` sold by `offeringId`, metered (or not) on a `type` resource. */
function metered(n: number, cfsSpecId: string, offeringId: string, type: string, productStatus = 'active'): Fixture[] {
  const svc = `SVC-${n}`;
  return [
    [
      'service_orders',
      {
        id: `SO-${n}`,
        product_order_id: 'ORD-1',
        item_id: String(n),
        customer_id: 'CUST-1',
        cfs_spec_id: cfsSpecId,
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
        id: svc,
        cfs_spec_id: cfsSpecId,
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
        spec_id: `RS-${type}`,
        resource_type: type,
        name: `NE-${n}`,
        region: 'PAR',
        state: 'inService',
        service_id: svc,
        customer_id: 'CUST-1',
        updated_at: NOW,
      },
    ],
    [
      'products',
      {
        id: `PRD-${n}`,
        customer_id: 'CUST-1',
        product_offering_id: offeringId,
        order_id: 'ORD-1',
        item_id: String(n),
        billing_account_id: 'BA-1',
        status: productStatus,
        recurring_minor: 1_000,
        one_time_minor: 0,
        service_ids: JSON.stringify([svc]),
        region: 'PAR',
        start_date: NOW,
      },
    ],
  ];
}
let seq = 0;
const rejected = (offeringId: string, usageType: string, reason: string): Fixture => [
  'usage_records',
  {
    collection_id: 'COL-1',
    element_id: 'NE-1',
    element_seq: ++seq,
    raw: 'cdr',
    state: 'rejected',
    usage_type: usageType,
    product_offering_id: offeringId,
    reject_reason: reason,
    updated_at: NOW,
  },
];

/**
 * Voice lines and business fibre (priced by the shipped tariffs), a fibre offering with no data
 * tariff (PO-FIBRE-NEW: two metered services, a third on a suspended product), a class nobody
 * sells; one service whose resource is not the element its class meters on.
 */
const FIXTURES: readonly Fixture[] = [
  offering('PO-VOICE-LINE', 1_990),
  offering('PO-FIBRE-BIZ', 4_990),
  offering('PO-FIBRE-NEW', 3_990),
  cfs('CFS-FIBRE-ACCESS'),
  cfs('CFS-UNSOLD'),
  cfs('CFS-VOICE-LINE'),
  sells('PO-VOICE-LINE', 'CFS-VOICE-LINE'),
  sells('PO-FIBRE-BIZ', 'CFS-FIBRE-ACCESS'),
  sells('PO-FIBRE-NEW', 'CFS-FIBRE-ACCESS'),
  ['resource_specs', { id: 'RS-port', name: 'port', resource_type: 'port' }],
  ['resource_specs', { id: 'RS-card', name: 'card', resource_type: 'card' }],
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
  ...metered(1, 'CFS-VOICE-LINE', 'PO-VOICE-LINE', 'port'),
  ...metered(2, 'CFS-FIBRE-ACCESS', 'PO-FIBRE-BIZ', 'port'),
  ...metered(3, 'CFS-FIBRE-ACCESS', 'PO-FIBRE-NEW', 'port'),
  ...metered(4, 'CFS-FIBRE-ACCESS', 'PO-FIBRE-NEW', 'port'),
  ...metered(5, 'CFS-FIBRE-ACCESS', 'PO-FIBRE-NEW', 'port', 'suspended'),
  ...metered(6, 'CFS-FIBRE-ACCESS', 'PO-FIBRE-NEW', 'card'),
  ['usage_collections', { id: 'COL-1', period_start: NOW, period_end: NOW, created_at: NOW }],
  rejected('PO-FIBRE-BIZ', 'data', 'NO_TARIFF'),
  rejected('PO-FIBRE-BIZ', 'data', 'NO_TARIFF'),
  rejected('PO-FIBRE-NEW', 'data', 'NO_TARIFF'),
  rejected('PO-FIBRE-BIZ', 'data', 'DUPLICATE'),
  rejected('PO-FIBRE-BIZ', 'voice', 'NO_TARIFF'),
];

const VOICE_TARIFF = {
  id: 'TAR-VOICE-LINE',
  product_offering_id: 'PO-VOICE-LINE',
  usage_type: 'voice',
  name: 'Telephone line calls: 60 min included, per started minute',
  unit_size: 60,
  unit_label: 'min',
  allowance_units: 60,
  tiers: '[{"upTo":null,"priceMinor":9,"offPeakPriceMinor":3}]',
  peak_start_hour: 8,
  peak_end_hour: 20,
  currency: 'EUR',
};

export function ratingReferencesContract(adapter: string, make: () => Promise<RatingReferenceHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`rating references port on ${adapter}`, () => {
    it(
      "each class with its offerings' prices and the tariffs rating reads; none without the tariff table",
      withStore(async (h) => {
        const ref = await h.port.ratingReference();
        expect(ref.tariffSource).toBe('tariffs');
        expect(ref.classes.map((c) => c.cfsSpecId)).toEqual(['CFS-FIBRE-ACCESS', 'CFS-UNSOLD', 'CFS-VOICE-LINE']);
        const [fibre, unsold, voice] = ref.classes.map((c) => c.content) as Array<{
          prices: Array<{ offering: string | null }>;
          tariffs: Array<{ id: string }>;
        }>;
        expect(voice).toEqual({
          prices: [{ offering: 'PO-VOICE-LINE', recurringMinor: 1_990, oneTimeMinor: 0 }],
          tariffs: [VOICE_TARIFF],
        });
        expect(fibre!.prices.map((p) => p.offering).sort()).toEqual(['PO-FIBRE-BIZ', 'PO-FIBRE-NEW']);
        expect(fibre!.tariffs.map((t) => t.id)).toEqual(['TAR-FIBRE-DATA']);
        expect(unsold).toEqual({ prices: [{ offering: null, recurringMinor: null, oneTimeMinor: null }], tariffs: [] });

        await h.removeTariffs();
        const bare = await h.port.ratingReference();
        expect(bare.tariffSource).toBeNull();
        expect(bare.classes.every((c) => (c.content as { tariffs: unknown[] }).tariffs.length === 0)).toBe(true);
      }),
    );

    it(
      'a version recorded only when the checksum changes, once per key',
      withStore(async (h) => {
        const v = (checksum: string) => ({
          cfsSpecId: 'CFS-VOICE-LINE',
          checksum,
          source: 'tariffs',
          content: { checksum },
        });
        expect(await h.port.latestRatingVersion('CFS-VOICE-LINE')).toBeUndefined();
        expect(await h.port.recordRatingVersion('k/1', v('aaa'))).toBe(1);
        expect(await h.port.recordRatingVersion('k/2', v('aaa'))).toBe(1);
        expect(await h.port.recordRatingVersion('k/3', v('bbb'))).toBe(2);
        // The same key again is the version it recorded, whatever it is given now.
        expect(await h.port.recordRatingVersion('k/1', v('ccc'))).toBe(1);
        expect(await h.port.recordRatingVersion('k/4', { ...v('aaa'), cfsSpecId: 'CFS-FIBRE-ACCESS' })).toBe(1);
        expect(await h.port.latestRatingVersion('CFS-VOICE-LINE')).toEqual({ version: 2, checksum: 'bbb' });
        expect(await h.count('rating_reference_versions')).toBe(3);
      }),
    );

    it(
      'concurrent workers: the same change recorded at once is one version; different changes at once are numbered in turn',
      withStore(async (h) => {
        const v = (checksum: string) => ({
          cfsSpecId: 'CFS-VOICE-LINE',
          checksum,
          source: 'tariffs',
          content: { checksum },
        });
        const same = await Promise.all([1, 2, 3, 4].map((n) => h.port.recordRatingVersion(`k/same/${n}`, v('aaa'))));
        expect(same).toEqual([1, 1, 1, 1]);
        const changes = await Promise.all(['b', 'c', 'd'].map((c) => h.port.recordRatingVersion(`k/${c}`, v(c))));
        expect([...changes].sort()).toEqual([2, 3, 4]);
        expect(await h.count('rating_reference_versions')).toBe(4);
      }),
    );

    it(
      'the offerings whose metered services no tariff prices, and the rejected records a tariff now prices',
      withStore(async (h) => {
        expect(await h.port.tariffGaps()).toEqual([
          { productOfferingId: 'PO-FIBRE-NEW', usageType: 'data', serviceIds: ['SVC-3', 'SVC-4'] },
        ]);
        expect(await h.port.pricedSinceRejected()).toBe(2);
        await h.removeTariffs();
        expect((await h.port.tariffGaps()).map((g) => [g.productOfferingId, g.usageType, g.serviceIds])).toEqual([
          ['PO-FIBRE-BIZ', 'data', ['SVC-2']],
          ['PO-FIBRE-NEW', 'data', ['SVC-3', 'SVC-4']],
          ['PO-VOICE-LINE', 'voice', ['SVC-1']],
        ]);
        expect(await h.port.pricedSinceRejected()).toBe(0);
      }),
    );
  });
}
