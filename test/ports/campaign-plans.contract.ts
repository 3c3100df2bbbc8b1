import { describe, expect, it } from 'vitest';
import type { CampaignPlan, CampaignPlanPort } from '../../src/ports/campaign-plans';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The campaign plans' contract (Manage Campaign 1.O.1.1.9), for every adapter
 * (docs/ADAPTERS.md): the market figures a campaign is planned from (active customers and spare
 * resources of each region the network reaches), one plan open per region and offering — also
 * when workers plan it at once — and a plan moved forward only. The clock reads `NOW`.
 */

export const NOW = '2026-09-01T08:00:00.000Z';

export type CampaignPlanHarness = StoreHarness<CampaignPlanPort>;

const customer = (id: string, region: string, status: string): Fixture => [
  'customers',
  { id, name: id, segment: 'residential', region, email: `${id}@example.test`, status, created_at: NOW },
];
const resource = (id: string, spec: string, region: string, state: string): Fixture => [
  'resources',
  { id, spec_id: spec, resource_type: 'port', name: id, region, attributes: '{}', state, updated_at: NOW },
];

const FIXTURES: readonly Fixture[] = [
  [
    'product_offerings',
    {
      id: 'PO-FIBRE',
      name: 'fibre',
      description: 'fibre',
      recurring_minor: 3_990,
      one_time_minor: 0,
      lead_time_days: 5,
      segment: 'residential',
    },
  ],
  ['resource_specs', { id: 'RS-PORT', name: 'port', resource_type: 'port' }],
  ['resource_specs', { id: 'RS-GPON', name: 'gpon', resource_type: 'port' }],
  customer('C-1', 'LYO', 'active'),
  customer('C-2', 'LYO', 'active'),
  customer('C-3', 'LYO', 'terminated'),
  customer('C-4', 'NCE', 'active'),
  resource('P-1', 'RS-PORT', 'LYO', 'available'),
  resource('P-2', 'RS-PORT', 'LYO', 'available'),
  resource('P-3', 'RS-PORT', 'LYO', 'inService'),
  resource('G-1', 'RS-GPON', 'LYO', 'reserved'),
  resource('P-4', 'RS-PORT', 'PAR', 'available'),
];

const plan = (region: string, runId = 'RUN-1'): CampaignPlan => ({
  name: `Fibre in ${region}`,
  region,
  segment: 'residential',
  productOfferingId: 'PO-FIBRE',
  rationale: 'spare ports, few customers',
  figures: { customers: 2, spare: 2 },
  runId,
});

export function campaignPlansContract(adapter: string, make: () => Promise<CampaignPlanHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`campaign plans port on ${adapter}`, () => {
    it(
      'market figures: each region the network reaches, its active customers, the spare resources of each spec',
      withStore(async (h) => {
        expect(await h.port.marketFigures()).toEqual([
          { region: 'LYO', customers: 2, spare: { 'RS-PORT': 2, 'RS-GPON': 0 } },
          { region: 'PAR', customers: 0, spare: { 'RS-PORT': 1 } },
        ]);
      }),
    );

    it(
      'one plan open per region and offering, once per key; moved forward only; a new one once it is completed',
      withStore(async (h) => {
        const first = await h.port.planCampaign('k/p1', plan('LYO'));
        expect(first).toEqual({ id: 'CP-000001', created: true });
        expect(await h.port.planCampaign('k/p1', plan('LYO'))).toEqual(first);
        expect(await h.port.planCampaign('k/p1-next-run', plan('LYO', 'RUN-2'))).toEqual({
          id: first.id,
          created: false,
        });
        expect(await h.port.planCampaign('k/p2', plan('PAR'))).toEqual({ id: 'CP-000002', created: true });

        expect(await h.port.markPlan('k/run', first.id, 'running')).toBe('running');
        expect(await h.port.planCampaign('k/p1-while-running', plan('LYO'))).toEqual({ id: first.id, created: false });
        expect(await h.port.markPlan('k/done', first.id, 'completed')).toBe('completed');
        // A late start changes nothing: a completed plan stays completed.
        expect(await h.port.markPlan('k/run-late', first.id, 'running')).toBe('completed');
        expect(await h.port.planCampaign('k/p1-again', plan('LYO', 'RUN-3'))).toEqual({
          id: 'CP-000003',
          created: true,
        });
        await expect(h.port.markPlan('k/none', 'CP-NONE', 'running')).rejects.toThrow('no campaign plan CP-NONE');
        expect(await h.count('campaign_plans')).toBe(3);
      }),
    );

    it(
      'concurrent workers: four planning one region and offering at once make one plan, the others are given it',
      withStore(async (h) => {
        const plans = await Promise.all(
          [1, 2, 3, 4].map((w) => h.port.planCampaign(`k/w${w}`, plan('LYO', `RUN-${w}`))),
        );
        expect(plans.filter((p) => p.created)).toHaveLength(1);
        expect(new Set(plans.map((p) => p.id)).size).toBe(1);
        expect(await h.count('campaign_plans')).toBe(1);
      }),
    );
  });
}
