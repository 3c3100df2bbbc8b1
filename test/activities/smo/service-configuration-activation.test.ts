import { beforeEach, describe, expect, it } from 'vitest';
import { createServiceConfigurationActivationActivities } from '../../../activities/smo/service-configuration-activation';
import type { Characteristics } from '../../../src/domain/fulfilment/product-order';
import { injectFault } from '../../../src/simulators/network';
import { useTestStore } from '../../support/store';

const t = useTestStore('2026-03-02T09:00:00.000Z');
const { one, rows, count, run } = t;
let smo: ReturnType<typeof createServiceConfigurationActivationActivities>;

beforeEach(() => {
  smo = createServiceConfigurationActivationActivities(t.store.ports);
});

const snapshot = () =>
  rows('SELECT id, state, reservation_id, hold_until, service_id, customer_id FROM resources ORDER BY id');

const CASES = {
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
type Case = { cfsSpecId: string; region: string; customerId: string; characteristics: Characteristics };

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

describe('1.F.2.2.1 designSolution', () => {
  it('names the resources of our own a solution would take, for RM&O to check', async () => {
    expect(await smo.designSolution({ action: 'plan', cfsSpecId: 'CFS-VOICE-LINE' })).toEqual({
      action: 'plan',
      cfsSpecId: 'CFS-VOICE-LINE',
      resourceNeeds: [{ resourceSpecId: 'RS-VOICE-PORT', quantity: 1 }],
    });
    await expect(smo.designSolution({ action: 'plan', cfsSpecId: 'CFS-TELEPORT' })).rejects.toMatchObject({
      type: 'NotFound',
    });
  });

  it('assesses feasibility before any order, writing nothing', async () => {
    const before = snapshot();
    const assess = async (c: Case, region = c.region) =>
      smo.designSolution({
        action: 'assess',
        cfsSpecId: c.cfsSpecId,
        region,
        characteristics: c.characteristics,
        availability: await availability(c, region),
      });

    expect(await assess(CASES.fibre)).toEqual({
      action: 'assess',
      feasibility: {
        cfsSpecId: 'CFS-FIBRE-ACCESS',
        region: 'PAR',
        feasible: true,
        reasons: [],
        supplierComponents: [],
      },
    });
    // Marseille: no access circuit of ours, but two suppliers sell one.
    expect(await assess(CASES.vpn)).toMatchObject({
      feasibility: { feasible: true, supplierComponents: ['RS-ACCESS-CIRCUIT'] },
    });
    // Fibre in Marseille: no access port of ours, and nobody sells one there.
    const fibreMrs = await assess(CASES.fibre, 'MRS');
    expect(fibreMrs).toMatchObject({ feasibility: { feasible: false, supplierComponents: ['RS-CPE-ROUTER'] } });
    expect(fibreMrs.action === 'assess' && fibreMrs.feasibility.reasons).toEqual([
      'no RS-ACCESS-PORT free in MRS and no supplier contract for it',
    ]);
    // A static IP range in Marseille: the pool there is empty.
    expect(await assess(CASES.staticIp, 'MRS')).toMatchObject({
      feasibility: { feasible: false, reasons: ['the RS-IPV4-29 pool of MRS has 0 free, 1 needed'] },
    });
    expect(count('SELECT COUNT(*) FROM service_orders')).toBe(0);
    expect(count('SELECT COUNT(*) FROM services')).toBe(0);
    expect(snapshot()).toEqual(before);
  });

  it('records the order (acknowledged → inProgress) and the designed service with its design', async () => {
    const out = await design('SO-1', CASES.fibre);
    expect(rows('SELECT state, service_id, action FROM service_orders WHERE id = ?', 'SO-1')).toEqual([
      { state: 'inProgress', service_id: out.serviceId, action: 'add' },
    ]);
    expect(rows('SELECT state, customer_id, service_order_id FROM services WHERE id = ?', out.serviceId)).toEqual([
      { state: 'designed', customer_id: 'CUST-1001', service_order_id: 'SO-1' },
    ]);
    expect(
      rows(
        "SELECT to_state FROM service_state_history WHERE entity = 'serviceOrder' AND entity_id = 'SO-1' ORDER BY seq",
      ),
    ).toEqual([{ to_state: 'acknowledged' }, { to_state: 'inProgress' }]);
    expect(out.design).toMatchObject({
      revision: 1,
      resourceOrderId: 'SO-1/RO',
      resourceNeeds: [
        { resourceSpecId: 'RS-ACCESS-PORT', quantity: 1 },
        { resourceSpecId: 'RS-CPE-ROUTER', quantity: 1 },
        { resourceSpecId: 'RS-VLAN', quantity: 1 },
      ],
      identifierNeeds: [],
      supplierComponents: [],
      onsiteWork: { skill: 'fibre' },
      qos: { maxLatencyMs: 20, minThroughputPct: 95, committedBandwidthMbps: 1000 },
    });
    const stored = JSON.parse(one('SELECT design FROM services WHERE id = ?', out.serviceId).design as string);
    expect(stored).toEqual(out.design);
  });

  it('leaves supplier-sourced components out of what RM&O is asked for', async () => {
    const out = await design('SO-VPN', CASES.vpn);
    expect(out.design.resourceNeeds).toEqual([{ resourceSpecId: 'RS-VLAN', quantity: 1 }]);
    expect(out.design.supplierComponents).toEqual([
      { resourceSpecId: 'RS-ACCESS-CIRCUIT', quantity: 1, supplierContracts: ['SC-ALPHA-MRS-AC', 'SC-BETA-MRS-AC'] },
    ]);
    expect(out.design.onsiteWork).toBeNull();
  });

  it('designs once per idempotency key, however often it is retried', async () => {
    const a = await design('SO-2', CASES.fibre, 'wf-2/1');
    const b = await design('SO-2', CASES.fibre, 'wf-2/1');
    expect(b.serviceId).toBe(a.serviceId);
    expect(count('SELECT COUNT(*) FROM services')).toBe(1);
    expect(count('SELECT COUNT(*) FROM service_orders')).toBe(1);
  });

  it('rejects an order it cannot deliver: recorded as rejected, no service', async () => {
    const fibreMrs = { ...CASES.fibre, region: 'MRS' };
    await expect(design('SO-3', fibreMrs)).rejects.toMatchObject({ type: 'NotFeasible', nonRetryable: true });
    expect(rows('SELECT state, reason FROM service_orders')).toEqual([
      { state: 'rejected', reason: 'no RS-ACCESS-PORT free in MRS and no supplier contract for it' },
    ]);
    expect(count('SELECT COUNT(*) FROM services')).toBe(0);
  });

  it('writes nothing on bad input', async () => {
    await expect(
      smo.designSolution({
        action: 'design',
        order: { ...header('SO-4', CASES.fibre), cfsSpecId: 'fibre please' },
        resourceOrderId: 'SO-4/RO',
        availability: await availability(CASES.fibre),
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
    expect(count('SELECT COUNT(*) FROM service_orders')).toBe(0);
  });

  it('applies an amendment before implementation and refuses one after', async () => {
    const d = await ready('SO-5', CASES.vpn);
    const applied = await smo.designSolution({
      action: 'amend',
      serviceOrderId: 'SO-5',
      characteristics: { bandwidthMbps: 200, colour: 'red' },
    });
    expect(applied).toMatchObject({ applied: true, characteristics: { vpnName: 'MARTIN', bandwidthMbps: 200 } });
    expect(
      JSON.parse(one('SELECT characteristics FROM services WHERE id = ?', d.serviceId).characteristics as string),
    ).toEqual({
      vpnName: 'MARTIN',
      bandwidthMbps: 200,
    });
    expect(
      JSON.parse(one('SELECT design FROM services WHERE id = ?', d.serviceId).design as string).qos
        .committedBandwidthMbps,
    ).toBe(200);

    await smo.implementConfigureAndActivateService({
      action: 'implement',
      serviceId: d.serviceId,
      resourceIds: d.resourceIds,
    });
    const refused = await smo.designSolution({
      action: 'amend',
      serviceOrderId: 'SO-5',
      characteristics: { bandwidthMbps: 10 },
    });
    expect(refused).toMatchObject({ applied: false, reason: expect.stringMatching(/already implemented/) });
    expect(rows('SELECT outcome FROM service_amendments WHERE service_order_id = ? ORDER BY seq', 'SO-5')).toEqual([
      { outcome: 'applied' },
      { outcome: 'refused' },
    ]);
    expect(
      JSON.parse(one('SELECT characteristics FROM services WHERE id = ?', d.serviceId).characteristics as string)
        .bandwidthMbps,
    ).toBe(200);
  });

  it('makes a new revision when asked to redesign', async () => {
    const d = await design('SO-6', CASES.fibre);
    const out = await smo.designSolution({
      action: 'redesign',
      serviceOrderId: 'SO-6',
      reason: 'end-to-end test failed 3 times',
    });
    expect(out).toMatchObject({ design: { revision: 2, reason: 'end-to-end test failed 3 times' } });
    expect(JSON.parse(one('SELECT design FROM services WHERE id = ?', d.serviceId).design as string).revision).toBe(2);
  });

  it('redesigns on a diagnosis: an element failing the service end to end is left out of the revision', async () => {
    const r = await implemented('SO-6b', CASES.fibre);
    const [port, ...others] = r.resourceIds;
    injectFault(t.store.db, port!, 'endToEnd', 1_000_000);
    // The element passes its own test; the service's test across it fails, every time.
    expect(await t.store.ports.networkActivation.testResource(port!)).toMatchObject({ passed: true });
    for (let i = 0; i < 2; i++)
      expect(await t.store.ports.networkActivation.testService(r.serviceId)).toMatchObject({
        passed: false,
        detail: expect.stringContaining(port!),
      });
    const specs = rows(
      `SELECT id, spec_id FROM resources WHERE id IN (${r.resourceIds.map(() => '?').join(',')})`,
      ...r.resourceIds,
    ) as Array<{ id: string; spec_id: string }>;
    const out = await smo.designSolution({
      action: 'redesign',
      serviceOrderId: 'SO-6b',
      reason: 'end-to-end test failed 3 times',
      resources: specs.map((s) => ({ resourceId: s.id, resourceSpecId: s.spec_id })),
    });
    const portSpec = specs.find((s) => s.id === port)!.spec_id;
    expect(out.design).toMatchObject({
      revision: 2,
      replaced: [{ resourceId: port, resourceSpecId: portSpec, detail: expect.stringMatching(/end to end/) }],
    });
    expect(others.length).toBeGreaterThan(0);
    expect(JSON.parse(one('SELECT design FROM services WHERE id = ?', r.serviceId).design as string).replaced).toEqual(
      out.design.replaced,
    );
  });

  it('plans a cease of an existing service, and refuses one of a terminated service', async () => {
    const d = await design('SO-7', CASES.fibre);
    const cease = await smo.designSolution({
      action: 'cease',
      order: header('SO-7/cease', CASES.fibre),
      serviceId: d.serviceId,
    });
    expect(cease).toMatchObject({ serviceId: d.serviceId, design: { resourceOrderId: 'SO-7/RO' } });
    expect(rows("SELECT action, state, service_id FROM service_orders WHERE id = 'SO-7/cease'")).toEqual([
      { action: 'delete', state: 'inProgress', service_id: d.serviceId },
    ]);
    await smo.activateService({ action: 'deactivate', serviceId: d.serviceId, reason: 'ceased' });
    await expect(
      smo.designSolution({ action: 'cease', order: header('SO-7/cease-2', CASES.fibre), serviceId: d.serviceId }),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
    expect(count("SELECT COUNT(*) FROM service_orders WHERE id = 'SO-7/cease-2'")).toBe(0);
  });
});

describe('1.F.2.2.2 allocateSpecificServiceParameters', () => {
  it('reserves a static /29 from the region pool and records it on the service', async () => {
    const d = await design('SO-10', CASES.staticIp);
    const out = await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: d.serviceId });
    expect(out.parameters).toEqual({ ipv4Range: '198.51.100.0/29' });
    expect(rows("SELECT state, service_id, customer_id, reservation_id FROM resources WHERE id = 'IP-PAR-0'")).toEqual([
      { state: 'reserved', service_id: d.serviceId, customer_id: 'CUST-1001', reservation_id: 'SO-10' },
    ]);
    expect(rows('SELECT name, value, resource_id FROM service_parameters WHERE service_id = ?', d.serviceId)).toEqual([
      { name: 'ipv4Range', value: '198.51.100.0/29', resource_id: 'IP-PAR-0' },
    ]);
    expect(one('SELECT state FROM services WHERE id = ?', d.serviceId).state).toBe('reserved');
  });

  it('takes a telephone number from the region plan, or from the one the customer names', async () => {
    const par = await design('SO-11', CASES.voice);
    expect(
      (await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: par.serviceId })).parameters,
    ).toEqual({
      telephoneNumber: '+33170000000',
    });
    const lyo = await design('SO-12', { ...CASES.voice, characteristics: { numberRegion: 'LYO' } });
    expect(
      (await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: lyo.serviceId })).parameters,
    ).toEqual({
      telephoneNumber: '+33270000000',
    });
  });

  it('allocates once per idempotency key', async () => {
    const d = await design('SO-13', CASES.staticIp);
    await smo.allocateSpecificServiceParameters(
      { action: 'allocate', serviceId: d.serviceId },
      { idempotencyKey: 'k' },
    );
    await smo.allocateSpecificServiceParameters(
      { action: 'allocate', serviceId: d.serviceId },
      { idempotencyKey: 'k' },
    );
    // A new call for a service that already holds its identifiers gets the same ones back.
    await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: d.serviceId });
    expect(count('SELECT COUNT(*) FROM service_parameters')).toBe(1);
    expect(count("SELECT COUNT(*) FROM resources WHERE resource_type = 'ip-range' AND state = 'reserved'")).toBe(1);
  });

  it('a modify asking one range more allots only the missing one, once; trimmed, the service holds what it held', async () => {
    const d = await design('SO-20', CASES.staticIp);
    await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: d.serviceId });
    run("UPDATE services SET state = 'active' WHERE id = ?", d.serviceId);
    run("UPDATE resources SET state = 'inService' WHERE id = 'IP-PAR-0'");
    const held = snapshot();
    const more = { ...CASES.staticIp, characteristics: { ipv4Ranges: 2 } };
    await smo.designSolution({
      action: 'openChange',
      order: header('SO-21', more),
      serviceId: d.serviceId,
      change: 'modify',
    });
    const change = await smo.designSolution({
      action: 'redesignChange',
      serviceOrderId: 'SO-21',
      characteristics: { ipv4Ranges: 2 },
    });
    expect(change).toMatchObject({ to: { ipv4Ranges: 2 }, identifiersChange: true });
    expect(change.action === 'redesignChange' && change.design.identifierNeeds).toEqual([
      expect.objectContaining({ resourceSpecId: 'RS-IPV4-29', quantity: 2 }),
    ]);
    const allot = () =>
      smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: d.serviceId, serviceOrderId: 'SO-21' });
    expect((await allot()).parameters).toEqual({ ipv4Range: '198.51.100.0/29', 'ipv4Range.2': '198.51.100.8/29' });
    // A second run (a retry under another key) allots nothing new.
    await allot();
    expect(
      rows('SELECT name, resource_id FROM service_parameters WHERE service_id = ? ORDER BY seq', d.serviceId),
    ).toEqual([
      { name: 'ipv4Range', resource_id: 'IP-PAR-0' },
      { name: 'ipv4Range.2', resource_id: 'IP-PAR-1' },
    ]);
    expect(rows("SELECT state, reservation_id FROM resources WHERE id = 'IP-PAR-1'")).toEqual([
      { state: 'reserved', reservation_id: 'SO-21' },
    ]);
    expect(one('SELECT state FROM services WHERE id = ?', d.serviceId).state).toBe('active');
    // The change failing: what it allotted (beyond the inventory's design) goes back, newest first.
    const trimmed = await smo.allocateSpecificServiceParameters({
      action: 'trim',
      serviceId: d.serviceId,
      reason: 'modify failed',
    });
    expect(trimmed.released.map((r) => r.resourceId)).toEqual(['IP-PAR-1']);
    expect(trimmed.parameters).toEqual({ ipv4Range: '198.51.100.0/29' });
    expect(snapshot()).toEqual(held);
    // Nothing beyond the design any more: trimming again gives nothing back.
    expect(
      (await smo.allocateSpecificServiceParameters({ action: 'trim', serviceId: d.serviceId, reason: 'again' }))
        .released,
    ).toEqual([]);
  });

  it('refuses when the pool is exhausted, taking nothing', async () => {
    const d = await design('SO-14', CASES.staticIp);
    run("UPDATE resources SET state = 'retired' WHERE spec_id = 'RS-IPV4-29' AND region = 'PAR'");
    const before = snapshot();
    await expect(
      smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: d.serviceId }),
    ).rejects.toMatchObject({
      type: 'ResourceUnavailable',
      nonRetryable: true,
    });
    expect(snapshot()).toEqual(before);
    expect(count('SELECT COUNT(*) FROM service_parameters')).toBe(0);
    expect(one('SELECT state FROM services WHERE id = ?', d.serviceId).state).toBe('designed');
  });

  it('releases the identifiers back to their pool', async () => {
    const before = snapshot();
    const d = await design('SO-15', CASES.staticIp);
    await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId: d.serviceId });
    const out = await smo.allocateSpecificServiceParameters({
      action: 'release',
      serviceId: d.serviceId,
      reason: 'order cancelled',
    });
    expect(out.released.map((r) => r.resourceId)).toEqual(['IP-PAR-0']);
    expect(snapshot()).toEqual(before);
    expect(rows('SELECT released_at IS NOT NULL AS released, release_reason FROM service_parameters')).toEqual([
      { released: 1, release_reason: 'order cancelled' },
    ]);
  });
});

describe('1.F.2.2.3 trackAndManageWorkOrders', () => {
  it('dispatches the on-site work to a skilled technician of the region', async () => {
    await design('SO-20', CASES.fibre);
    const out = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-20' });
    expect(out.workOrder).toMatchObject({ technicianId: 'TECH-01', skill: 'fibre', state: 'assigned' });
    expect(rows("SELECT reference, technician_id, state FROM work_orders WHERE reference = 'SO-20'")).toEqual([
      { reference: 'SO-20', technician_id: 'TECH-01', state: 'assigned' },
    ]);
    expect(
      JSON.parse(one("SELECT work_plan FROM service_orders WHERE id = 'SO-20'").work_plan as string),
    ).toMatchObject({
      state: 'dispatched',
      workOrderId: out.workOrder!.id,
    });
  });

  it('dispatches once per idempotency key', async () => {
    await design('SO-21', CASES.fibre);
    await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-21' }, { idempotencyKey: 'k' });
    await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-21' }, { idempotencyKey: 'k' });
    expect(count('SELECT COUNT(*) FROM work_orders')).toBe(1);
  });

  it('records what suppliers are to deliver, and completes only once they have', async () => {
    await design('SO-22', CASES.vpn);
    const dispatched = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-22' });
    expect(dispatched.workOrder).toBeNull();
    expect(dispatched.plan?.expectedFromSuppliers).toEqual([
      { resourceSpecId: 'RS-ACCESS-CIRCUIT', quantity: 1, resourceIds: null },
    ]);

    await expect(smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId: 'SO-22' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
      message: expect.stringContaining('RS-ACCESS-CIRCUIT'),
    });
    expect(JSON.parse(one("SELECT work_plan FROM service_orders WHERE id = 'SO-22'").work_plan as string).state).toBe(
      'dispatched',
    );

    const done = await smo.trackAndManageWorkOrders({
      action: 'complete',
      serviceOrderId: 'SO-22',
      delivered: [{ resourceSpecId: 'RS-ACCESS-CIRCUIT', resourceIds: ['SUP-AC-1'] }],
    });
    expect(done.plan).toMatchObject({ state: 'completed', expectedFromSuppliers: [{ resourceIds: ['SUP-AC-1'] }] });
  });

  it("completes the technician's work order, or calls the technician off", async () => {
    await design('SO-23', CASES.fibre);
    const a = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-23' });
    await smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId: 'SO-23' });
    expect(one('SELECT state FROM work_orders WHERE id = ?', a.workOrder!.id).state).toBe('completed');

    await design('SO-24', { ...CASES.fibre, region: 'LYO', customerId: 'CUST-1005' });
    const b = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-24' });
    const cancelled = await smo.trackAndManageWorkOrders({
      action: 'cancel',
      serviceOrderId: 'SO-24',
      reason: 'order cancelled',
    });
    expect(cancelled.plan?.state).toBe('cancelled');
    expect(rows('SELECT state, notes FROM work_orders WHERE id = ?', b.workOrder!.id)).toEqual([
      { state: 'cancelled', notes: expect.stringContaining('order cancelled') },
    ]);
  });

  it('via Manage Workforce: names the on-site work, and completes only on the work order 1.O.3.1.6 closed', async () => {
    await design('SO-25', CASES.fibre);
    const out = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-25', viaWorkforce: true });
    expect(out.onSiteWork).toMatchObject({ kind: 'install', skill: 'fibre', region: 'PAR' });
    expect(out.plan).toMatchObject({ state: 'dispatched', workOrderId: null });
    expect(count('SELECT COUNT(*) FROM work_orders')).toBe(0);

    // What 1.O.3.1.6 does for the visit: its technician assigned, then the report.
    const wo = await t.store.ports.workforce.dispatch('wo', {
      reference: 'SO-25',
      kind: 'install',
      skill: 'fibre',
      region: 'PAR',
    });
    const visit = { workOrderId: wo.id, technicianId: wo.technicianId, notes: 'fixed' };
    await expect(
      smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId: 'SO-25', workOrder: visit }),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition', message: expect.stringContaining('assigned') });
    await t.store.ports.workforce.complete('wo-done', wo.id, 'fixed: installed');
    const done = await smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId: 'SO-25', workOrder: visit });
    expect(done.plan).toMatchObject({ state: 'completed', workOrderId: wo.id, technicianId: 'TECH-01' });
    expect(done.workOrder).toMatchObject({ id: wo.id, state: 'completed' });
  });
});

describe('1.F.2.2.4 implementConfigureAndActivateService', () => {
  const config = (resourceId: string) =>
    JSON.parse(one('SELECT config FROM network_configuration WHERE resource_id = ?', resourceId).config as string);

  it('configures the service end to end over its resources and identifiers: installed, inactive', async () => {
    const r = await ready('SO-30', CASES.voice);
    const out = await smo.implementConfigureAndActivateService({
      action: 'implement',
      serviceId: r.serviceId,
      resourceIds: r.resourceIds,
    });
    expect(out.state).toBe('inactive');
    expect(out.elements.map((e) => e.resourceId).sort()).toEqual([...r.resourceIds, 'TN-33170000000'].sort());
    const port = config(r.resourceIds[0]!);
    // RM&O's resource-level part stays; the service-level part sits beside it.
    expect(port).toMatchObject({
      service: r.serviceId,
      mtu: 9000,
      serviceConfiguration: {
        serviceId: r.serviceId,
        parameters: { telephoneNumber: '+33170000000' },
        status: 'installed',
      },
    });
    expect(one('SELECT state FROM services WHERE id = ?', r.serviceId).state).toBe('inactive');
  });

  it('implements once per idempotency key', async () => {
    const r = await ready('SO-31', CASES.fibre);
    const input = { action: 'implement', serviceId: r.serviceId, resourceIds: r.resourceIds } as const;
    const a = await smo.implementConfigureAndActivateService(input, { idempotencyKey: 'k' });
    const b = await smo.implementConfigureAndActivateService(input, { idempotencyKey: 'k' });
    expect(b).toEqual(a);
    expect(
      rows(
        "SELECT COUNT(*) AS n FROM service_state_history WHERE entity = 'service' AND entity_id = ? AND to_state = 'inactive'",
        r.serviceId,
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses a resource RM&O did not provision for the service, configuring nothing', async () => {
    const r = await ready('SO-32', CASES.fibre);
    await expect(
      smo.implementConfigureAndActivateService({
        action: 'implement',
        serviceId: r.serviceId,
        resourceIds: [...r.resourceIds, 'PORT-PAR-2-2-8'],
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    for (const id of r.resourceIds) expect(config(id).serviceConfiguration).toBeUndefined();
    expect(one('SELECT state FROM services WHERE id = ?', r.serviceId).state).toBe('reserved');
  });

  it("undoes the service configuration, leaving RM&O's part", async () => {
    const r = await implemented('SO-33', CASES.voice);
    const out = await smo.implementConfigureAndActivateService({
      action: 'undo',
      serviceId: r.serviceId,
      reason: 'test failed',
    });
    expect(out.state).toBe('reserved');
    expect(config(r.resourceIds[0]!)).toEqual({ service: r.serviceId, mtu: 9000, serviceConfiguration: null });
    // The number was configured by SM&O alone: its element configuration is gone.
    expect(count("SELECT COUNT(*) FROM network_configuration WHERE resource_id = 'TN-33170000000'")).toBe(0);
  });
});

describe('1.F.2.2.5 testServiceEndToEnd', () => {
  it('records a passed test with its measurements', async () => {
    const r = await implemented('SO-40', CASES.fibre);
    const out = await smo.testServiceEndToEnd({ serviceOrderId: 'SO-40', serviceId: r.serviceId });
    expect(out.passed).toBe(true);
    expect(out.measurements['elements']).toBe(3);
    expect(rows('SELECT passed, service_order_id FROM service_tests WHERE service_id = ?', r.serviceId)).toEqual([
      { passed: 1, service_order_id: 'SO-40' },
    ]);
  });

  it('fails with TestFailed and the measurements, and records the failed run', async () => {
    const r = await implemented('SO-41', CASES.fibre);
    injectFault(t.store.db, r.serviceId, 'testService');
    const err = await smo
      .testServiceEndToEnd({ serviceOrderId: 'SO-41', serviceId: r.serviceId })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'TestFailed', nonRetryable: true });
    expect(
      (err as { details: Array<{ measurements: Record<string, number> }> }).details[0]!.measurements,
    ).toMatchObject({ throughputPct: 12 });
    expect(rows('SELECT passed, detail FROM service_tests WHERE service_id = ?', r.serviceId)).toEqual([
      { passed: 0, detail: expect.stringContaining('throughput at 12%') },
    ]);
  });

  it('records one run per idempotency key', async () => {
    const r = await implemented('SO-42', CASES.staticIp);
    await smo.testServiceEndToEnd({ serviceOrderId: 'SO-42', serviceId: r.serviceId }, { idempotencyKey: 'k' });
    await smo.testServiceEndToEnd({ serviceOrderId: 'SO-42', serviceId: r.serviceId }, { idempotencyKey: 'k' });
    expect(count('SELECT COUNT(*) FROM service_tests')).toBe(1);
  });

  it('refuses to test a service not yet installed, recording nothing', async () => {
    const r = await ready('SO-43', CASES.fibre);
    await expect(smo.testServiceEndToEnd({ serviceOrderId: 'SO-43', serviceId: r.serviceId })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(count('SELECT COUNT(*) FROM service_tests')).toBe(0);
  });
});

describe('1.F.2.2.6 activateService', () => {
  async function tested(id: string, c: Case) {
    const r = await implemented(id, c);
    await smo.testServiceEndToEnd({ serviceOrderId: id, serviceId: r.serviceId });
    return r;
  }

  it('activates the service, completes the order and keeps what assurance needs', async () => {
    const r = await tested('SO-50', CASES.staticIp);
    const out = await smo.activateService({ action: 'activate', serviceOrderId: 'SO-50', serviceId: r.serviceId });
    expect(out).toMatchObject({
      state: 'active',
      orderState: 'completed',
      assurance: {
        resourceIds: ['IP-PAR-0'],
        parameters: { ipv4Range: '198.51.100.0/29' },
        sla: { availabilityPct: 99.9 },
      },
    });
    expect(rows('SELECT state, activated_at FROM services WHERE id = ?', r.serviceId)).toEqual([
      { state: 'active', activated_at: '2026-03-02T09:00:00.000Z' },
    ]);
    expect(JSON.parse(one('SELECT assurance FROM services WHERE id = ?', r.serviceId).assurance as string)).toEqual(
      out.assurance,
    );
    expect(one("SELECT state FROM service_orders WHERE id = 'SO-50'").state).toBe('completed');
    expect(one("SELECT state FROM resources WHERE id = 'IP-PAR-0'").state).toBe('inService');
    expect(
      JSON.parse(one("SELECT config FROM network_configuration WHERE resource_id = 'IP-PAR-0'").config as string)
        .serviceConfiguration.status,
    ).toBe('active');
  });

  it('activates once per idempotency key', async () => {
    const r = await tested('SO-51', CASES.fibre);
    const input = { action: 'activate', serviceOrderId: 'SO-51', serviceId: r.serviceId } as const;
    await smo.activateService(input, { idempotencyKey: 'k' });
    const again = await smo.activateService(input, { idempotencyKey: 'k' });
    expect(again.state).toBe('active');
    expect(
      rows("SELECT COUNT(*) AS n FROM service_state_history WHERE entity_id = 'SO-51' AND to_state = 'completed'"),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses to activate a service that has not passed its test, changing nothing', async () => {
    const r = await implemented('SO-52', CASES.fibre);
    await expect(
      smo.activateService({ action: 'activate', serviceOrderId: 'SO-52', serviceId: r.serviceId }),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(one('SELECT state FROM services WHERE id = ?', r.serviceId).state).toBe('inactive');
    expect(one("SELECT state FROM service_orders WHERE id = 'SO-52'").state).toBe('inProgress');
  });

  it('deactivates: elements down and cleared, service terminated, the order cancelled through its assessment', async () => {
    const r = await implemented('SO-53', CASES.voice);
    const out = await smo.activateService({
      action: 'deactivate',
      serviceId: r.serviceId,
      reason: 'customer cancelled',
      closeOrder: { serviceOrderId: 'SO-53', state: 'cancelled' },
    });
    expect(out).toMatchObject({ state: 'terminated', orderState: 'cancelled' });
    expect(
      rows(
        "SELECT to_state FROM service_state_history WHERE entity = 'serviceOrder' AND entity_id = 'SO-53' ORDER BY seq",
      ),
    ).toEqual([
      { to_state: 'acknowledged' },
      { to_state: 'inProgress' },
      { to_state: 'assessingCancellation' },
      { to_state: 'pendingCancellation' },
      { to_state: 'cancelled' },
    ]);
    expect(
      rows('SELECT admin_state, config FROM network_configuration WHERE resource_id = ?', r.resourceIds[0]),
    ).toEqual([
      { admin_state: 'down', config: JSON.stringify({ service: r.serviceId, mtu: 9000, serviceConfiguration: null }) },
    ]);
    expect(count("SELECT COUNT(*) FROM network_configuration WHERE resource_id = 'TN-33170000000'")).toBe(0);
  });
});
