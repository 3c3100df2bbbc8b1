import { describe, expect, it } from 'vitest';
import { injectFault } from '../../../src/simulators/network';
import { CASES, type Case, useServiceConfigurationActivation } from './service-configuration-activation-support';

/** SM&O designs a service (1.F.2.2.1) and allots its specific parameters (1.F.2.2.2). */

const { t, smo, snapshot, availability, header, design, ready, implemented } = useServiceConfigurationActivation();
const { one, rows, count, run } = t;

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
