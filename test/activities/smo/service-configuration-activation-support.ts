import { createServiceConfigurationActivationActivities } from '../../../activities/smo/service-configuration-activation';
import type { Characteristics } from '../../../src/domain/fulfilment/product-order';
import { madeBeforeEach } from '../../support/each-test';
import { useTestStore } from '../../support/store';

/**
 * What the SM&O service configuration & activation tests share (1.F.2.2.1–1.F.2.2.6, split in
 * service-configuration-activation-design.test.ts and -delivery.test.ts): a store per test, the
 * activities on it, the services ordered, and the steps RM&O and the earlier processes would
 * have taken, so each test starts from the stage it tests.
 */

export const CASES = {
  fibre: {
    cfsSpecId: 'CFS-FIBRE-ACCESS',
    region: 'PAR',
    customerId: 'CUST-1001',
    characteristics: { bandwidthMbps: 1000 },
  },
  staticIp: { cfsSpecId: 'CFS-STATIC-IP', region: 'PAR', customerId: 'CUST-1001', characteristics: {} },
  vpn: {
    cfsSpecId: 'CFS-VPN-SITE',
    region: 'MRS',
    customerId: 'CUST-1002',
    characteristics: { vpnName: 'MARTIN', bandwidthMbps: 100 },
  },
  voice: { cfsSpecId: 'CFS-VOICE-LINE', region: 'PAR', customerId: 'CUST-1006', characteristics: {} },
} as const;
export type Case = { cfsSpecId: string; region: string; customerId: string; characteristics: Characteristics };

/** Call once at the top of a test file: registers the store's hooks and returns the helpers. */
export function useServiceConfigurationActivation() {
  const t = useTestStore('2026-03-02T09:00:00.000Z');
  // Made anew with the store before each test.
  const smo = madeBeforeEach(() => createServiceConfigurationActivationActivities(t.store.ports));

  const snapshot = () =>
    t.rows('SELECT id, state, reservation_id, hold_until, service_id, customer_id FROM resources ORDER BY id');

  /** What RM&O would answer for the service's own resources (the real inventory, nothing reserved). */
  async function availability(c: Case, region = c.region) {
    const spec = (await t.store.ports.catalog.getCfsSpec(c.cfsSpecId))!;
    const needs = spec.resources
      .filter((r) => r.role === 'resource')
      .map((r) => ({ resourceSpecId: r.resourceSpecId, quantity: r.quantity }));
    return t.store.ports.resourceInventory.checkAvailability(region, needs);
  }

  const header = (id: string, c: Case) => ({
    serviceOrderId: id,
    productOrderId: 'ORD-1',
    itemId: '1',
    customerId: c.customerId,
    region: c.region,
    cfsSpecId: c.cfsSpecId,
    characteristics: c.characteristics,
  });

  async function design(id: string, c: Case, key?: string) {
    const out = await smo.designSolution(
      { action: 'design', order: header(id, c), resourceOrderId: `${id}/RO`, availability: await availability(c) },
      key ? { idempotencyKey: key } : undefined,
    );
    if (out.action !== 'design') throw new Error('expected a design');
    return out;
  }

  /** What RM&O does for a resource order: reserve the design's needs and configure them, up. */
  async function provision(serviceId: string, resourceOrderId: string, c: Case) {
    const d = await t.store.ports.serviceInventory.getService(serviceId);
    const needs = (d!.design as { resourceNeeds: Array<{ resourceSpecId: string; quantity: number }> }).resourceNeeds;
    const held = await t.store.ports.resourceInventory.reserve(`${resourceOrderId}/reserve`, {
      reservationId: resourceOrderId,
      serviceId,
      customerId: c.customerId,
      region: c.region,
      needs,
      holdUntil: '2026-03-04T09:00:00.000Z',
    });
    for (const r of held) {
      await t.store.ports.networkActivation.configure(`${resourceOrderId}/cfg/${r.id}`, r.id, serviceId, {
        service: serviceId,
        mtu: 9000,
      });
      await t.store.ports.networkActivation.setAdminState(`${resourceOrderId}/up/${r.id}`, r.id, 'up');
    }
    return held.map((r) => r.id);
  }

  /** A service designed, its identifiers allotted and its resources provisioned: ready to implement. */
  async function ready(id: string, c: Case) {
    const d = await design(id, c);
    await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: d.serviceId });
    const resourceIds = await provision(d.serviceId, d.design.resourceOrderId, c);
    return { ...d, resourceIds };
  }

  async function implemented(id: string, c: Case) {
    const r = await ready(id, c);
    await smo.implementConfigureAndActivateService({
      action: 'implement',
      serviceId: r.serviceId,
      resourceIds: r.resourceIds,
    });
    return r;
  }

  return { t, smo, snapshot, availability, header, design, provision, ready, implemented };
}
