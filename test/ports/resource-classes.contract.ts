import { describe, expect, it } from 'vitest';
import { BusinessRejection } from '../../src/contracts/errors';
import type { ClassSample, ResourceClassPort } from '../../src/ports/resource-classes';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The resource class port's contract, for every adapter (docs/ADAPTERS.md): what each class (a
 * resource spec in a region) holds and in which state, what a service class needs and where
 * suppliers provide it, the elements configured for services, the samples kept run after run
 * (one per class and run), and the outages in the state history. The clock reads `NOW`.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();

export type ResourceClassHarness = StoreHarness<ResourceClassPort>;

const resource = (id: string, spec: string, region: string, state: string) => ({
  id,
  spec_id: spec,
  resource_type: spec === 'RS-PORT' ? 'port' : 'cpe',
  name: id,
  region,
  attributes: '{}',
  state,
  updated_at: NOW,
});
const contract = (id: string, region: string) => ({
  id,
  supplier_id: 'SUP-1',
  resource_spec_id: 'RS-PORT',
  region,
  price_minor: 1_000,
  lead_time_days: 10,
  availability_sla_pct: 99.9,
  valid_until: '2027-01-01',
});
const configured = (id: string) => ({
  resource_id: id,
  service_id: `SVC-${id}`,
  config: '{"vlan":100}',
  admin_state: 'up',
  updated_at: NOW,
});
const change = (id: string, from: string, to: string, daysAgo: number) => ({
  resource_id: id,
  from_state: from,
  to_state: to,
  reason: 'test',
  at: ago(daysAgo),
});

/** Ports in Paris in every state, one in Lyon, a CPE; Lyon and Marseille ports under contract. */
const FIXTURES: Fixture[] = [
  ['resource_specs', { id: 'RS-PORT', name: 'port', resource_type: 'port' }],
  ['resource_specs', { id: 'RS-CPE', name: 'cpe', resource_type: 'cpe' }],
  ['resources', resource('PORT-PAR-1', 'RS-PORT', 'PAR', 'available')],
  ['resources', resource('PORT-PAR-2', 'RS-PORT', 'PAR', 'reserved')],
  ['resources', resource('PORT-PAR-3', 'RS-PORT', 'PAR', 'inService')],
  ['resources', resource('PORT-PAR-4', 'RS-PORT', 'PAR', 'outOfService')],
  ['resources', resource('PORT-PAR-5', 'RS-PORT', 'PAR', 'retired')],
  ['resources', resource('PORT-LYO-1', 'RS-PORT', 'LYO', 'inService')],
  ['resources', resource('CPE-PAR-1', 'RS-CPE', 'PAR', 'available')],
  ['suppliers', { id: 'SUP-1', name: 'Beta', email: 'beta@example.net' }],
  ['supplier_contracts', contract('SC-1', 'LYO')],
  ['supplier_contracts', contract('SC-2', 'LYO')],
  ['supplier_contracts', contract('SC-3', 'MRS')],
  ['cfs_specs', { id: 'CFS-A', name: 'access', service_type: 'access' }],
  ['cfs_resource_specs', { cfs_spec_id: 'CFS-A', resource_spec_id: 'RS-PORT', quantity: 2, role: 'resource' }],
  ['cfs_resource_specs', { cfs_spec_id: 'CFS-A', resource_spec_id: 'RS-CPE', quantity: 1, role: 'resource' }],
  ['network_configuration', configured('PORT-PAR-3')],
  ['network_configuration', configured('PORT-PAR-4')],
  ['network_configuration', configured('PORT-LYO-1')],
  ['resource_state_history', change('PORT-PAR-4', 'inService', 'outOfService', 1)],
  ['resource_state_history', change('PORT-PAR-4', 'available', 'outOfService', 2)],
  ['resource_state_history', change('PORT-PAR-4', 'inService', 'outOfService', 10)],
  ['resource_state_history', change('PORT-LYO-1', 'inService', 'outOfService', 3)],
  ['resource_state_history', change('PORT-PAR-2', 'reserved', 'outOfService', 1)],
];

const sample = (region: string, over: Partial<ClassSample> = {}): ClassSample => ({
  resourceSpecId: 'RS-PORT',
  region,
  total: 4,
  inService: 1,
  available: 1,
  outOfService: 1,
  tests: 3,
  failedTests: 1,
  meanLatencyMs: 2.5,
  ...over,
});

export function resourceClassesContract(adapter: string, make: () => Promise<ResourceClassHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`resource classes port on ${adapter}`, () => {
    it(
      'class counts: each spec per region in each state, retired left out, supplied where a contract covers it',
      withStore(async (h) => {
        const counts = { reserved: 0, inService: 0, outOfService: 0 };
        expect(await h.port.classCounts()).toEqual([
          {
            resourceSpecId: 'RS-CPE',
            resourceType: 'cpe',
            region: 'PAR',
            total: 1,
            available: 1,
            ...counts,
            suppliedBy: 'own',
          },
          {
            resourceSpecId: 'RS-PORT',
            resourceType: 'port',
            region: 'LYO',
            total: 1,
            available: 0,
            ...counts,
            inService: 1,
            suppliedBy: 'supplier',
          },
          {
            resourceSpecId: 'RS-PORT',
            resourceType: 'port',
            region: 'PAR',
            total: 4,
            available: 1,
            reserved: 1,
            inService: 1,
            outOfService: 1,
            suppliedBy: 'own',
          },
        ]);
      }),
    );

    it(
      'service class needs, where suppliers provide each, and the configured elements in service',
      withStore(async (h) => {
        const needs = await h.port.serviceClassNeeds();
        expect(needs.map((n) => ({ ...n, suppliedIn: [...n.suppliedIn].sort() }))).toEqual([
          { cfsSpecId: 'CFS-A', resourceSpecId: 'RS-CPE', quantity: 1, role: 'resource', suppliedIn: [] },
          { cfsSpecId: 'CFS-A', resourceSpecId: 'RS-PORT', quantity: 2, role: 'resource', suppliedIn: ['LYO', 'MRS'] },
        ]);
        expect(await h.port.configuredElements()).toEqual([
          { resourceId: 'PORT-LYO-1', resourceSpecId: 'RS-PORT', region: 'LYO' },
          { resourceId: 'PORT-PAR-3', resourceSpecId: 'RS-PORT', region: 'PAR' },
        ]);
      }),
    );

    it(
      'outages: falls from service or stock to out of service in the window, most first',
      withStore(async (h) => {
        expect(await h.port.outagesByResource(ago(5))).toEqual([
          { resourceId: 'PORT-PAR-4', outages: 2 },
          { resourceId: 'PORT-LYO-1', outages: 1 },
        ]);
        expect(await h.port.outagesByResource(NOW)).toEqual([]);
      }),
    );

    it(
      'samples: kept in the order recorded, stamped by the clock, read from a date',
      withStore(async (h) => {
        await h.port.recordSamples('s/1', 'RUN-1', [sample('PAR'), sample('LYO', { meanLatencyMs: null })]);
        expect(await h.port.samples(ago(1))).toEqual([
          { runId: 'RUN-1', at: NOW, ...sample('PAR') },
          { runId: 'RUN-1', at: NOW, ...sample('LYO', { meanLatencyMs: null }) },
        ]);
        expect(await h.port.samples(ago(-1))).toEqual([]);
      }),
    );

    it(
      'idempotency: the same key twice records once; a run records one sample per class whatever the key',
      withStore(async (h) => {
        await h.port.recordSamples('s/1', 'RUN-1', [sample('PAR')]);
        await h.port.recordSamples('s/1', 'RUN-1', [sample('PAR', { total: 9 }), sample('LYO')]);
        await h.port.recordSamples('s/2', 'RUN-1', [sample('PAR', { total: 9 })]);
        expect(await h.port.samples(ago(1))).toEqual([{ runId: 'RUN-1', at: NOW, ...sample('PAR') }]);
      }),
    );

    it(
      'all or nothing: a batch failing part-way writes none of its samples and leaves the key free',
      withStore(async (h) => {
        // The second sample is missing: the batch fails after the first was written.
        const broken = null as unknown as ClassSample;
        const err = await h.port.recordSamples('s/1', 'RUN-1', [sample('PAR'), broken]).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(err).not.toBeInstanceOf(BusinessRejection);
        expect(await h.count('resource_class_samples')).toBe(0);
        await h.port.recordSamples('s/1', 'RUN-1', [sample('PAR')]);
        expect(await h.count('resource_class_samples')).toBe(1);
      }),
    );

    it(
      'concurrent writers: workers recording one run at once keep one sample per class',
      withStore(async (h) => {
        await Promise.all(
          [1, 2, 3, 4].map((i) =>
            h.port.recordSamples(`s/${i}`, 'RUN-2', [sample('PAR', { tests: i }), sample('LYO', { tests: i })]),
          ),
        );
        const kept = await h.port.samples(ago(1));
        expect(kept.map((s) => `${s.runId}/${s.region}`).sort()).toEqual(['RUN-2/LYO', 'RUN-2/PAR']);
      }),
    );
  });
}
