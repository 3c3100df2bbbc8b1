import { describe, expect, it } from 'vitest';
import { CfsSpec, ProductOffering, recurringFor } from '../../src/domain/catalog';
import type { CatalogPort } from '../../src/ports/catalog';
import { withHarness } from './harness';

/**
 * The catalogs' contract (TMF620 offerings, TMF633 customer-facing services), for every adapter
 * (docs/ADAPTERS.md). Read-only: the harness builds a store holding the sample operator's
 * catalog (src/adapters/sqlite/seed.ts), and the suite reads it through the port.
 */

export interface CatalogHarness {
  port: CatalogPort;
  close(): Promise<void>;
}

export function catalogContract(adapter: string, make: () => Promise<CatalogHarness>): void {
  const withStore = withHarness(make);

  describe(`catalog port (TMF620, TMF633) on ${adapter}`, () => {
    it(
      'offerings: by id, each with its services, money in integer minor units',
      withStore(async (h) => {
        const offerings = await h.port.listOfferings();
        expect(offerings.map((o) => o.id)).toEqual(['PO-FIBRE-BIZ', 'PO-VOICE-LINE', 'PO-VPN-BIZ']);
        for (const o of offerings) expect(ProductOffering.parse(o)).toEqual(o);
        const fibre = await h.port.getOffering('PO-FIBRE-BIZ');
        expect(fibre).toEqual(offerings[0]);
        expect(fibre).toMatchObject({
          recurringMinor: 12_900,
          oneTimeMinor: 25_000,
          leadTimeDays: 10,
          segment: 'business',
          cfsSpecIds: ['CFS-FIBRE-ACCESS', 'CFS-STATIC-IP'],
          // The fibre's price by speed (#12): 1 Gbit/s and above at the list price.
          recurringTiers: [
            { characteristic: 'bandwidthMbps', atMost: 100, recurringMinor: 6_900 },
            { characteristic: 'bandwidthMbps', atMost: 500, recurringMinor: 9_900 },
          ],
        });
        expect([100, 200, 500, 1000, 2000].map((bandwidthMbps) => recurringFor(fibre!, { bandwidthMbps }))).toEqual([
          6_900, 9_900, 9_900, 12_900, 12_900,
        ]);
        expect(recurringFor(fibre!, {})).toBe(12_900);
        expect((await h.port.getOffering('PO-VOICE-LINE'))!.recurringTiers).toEqual([]);
        expect(await h.port.getOffering('PO-NONE')).toBeUndefined();
      }),
    );

    it(
      'customer-facing services: what each needs, resources by spec id with their type and role',
      withStore(async (h) => {
        const specs = await h.port.listCfsSpecs();
        expect(specs.map((s) => s.id)).toEqual(['CFS-FIBRE-ACCESS', 'CFS-STATIC-IP', 'CFS-VOICE-LINE', 'CFS-VPN-SITE']);
        for (const s of specs) expect(CfsSpec.parse(s)).toEqual(s);
        const fibre = await h.port.getCfsSpec('CFS-FIBRE-ACCESS');
        expect(fibre).toEqual(specs[0]);
        expect(fibre).toMatchObject({
          serviceType: 'broadband',
          needsOnsiteWork: true,
          technicianSkill: 'fibre',
          parameters: ['bandwidthMbps'],
        });
        expect(fibre!.resources).toEqual([
          { resourceSpecId: 'RS-ACCESS-PORT', resourceType: 'port', quantity: 1, role: 'resource' },
          { resourceSpecId: 'RS-CPE-ROUTER', resourceType: 'cpe', quantity: 1, role: 'resource' },
          { resourceSpecId: 'RS-VLAN', resourceType: 'vlan', quantity: 1, role: 'resource' },
        ]);
        expect(await h.port.getCfsSpec('CFS-STATIC-IP')).toMatchObject({
          needsOnsiteWork: false,
          technicianSkill: null,
          resources: [{ resourceSpecId: 'RS-IPV4-29', resourceType: 'ip-range', quantity: 1, role: 'identifier' }],
        });
        expect(await h.port.getCfsSpec('CFS-NONE')).toBeUndefined();
        // Every service an offering names is in the catalog.
        const ids = new Set(specs.map((s) => s.id));
        for (const o of await h.port.listOfferings()) for (const id of o.cfsSpecIds) expect(ids.has(id)).toBe(true);
      }),
    );
  });
}
