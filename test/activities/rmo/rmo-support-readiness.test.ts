import { beforeEach, describe, expect, it } from 'vitest';
import { createRmoSupportReadinessActivities } from '../../../activities/rmo/rmo-support-readiness';
import { useTestStore } from '../../support/store';
import { injectDiscoveryDiscrepancy } from '../../../src/simulators/discovery';
import { UNTIL_REPAIRED, injectFault } from '../../../src/simulators/network';

const NOW = '2026-03-02T09:00:00.000Z';

const t = useTestStore(NOW, { installedBase: true });
let rmo: ReturnType<typeof createRmoSupportReadinessActivities>;

beforeEach(() => {
  rmo = createRmoSupportReadinessActivities(t.store.ports);
});

const { rows, count, value, run } = t;
const stateOf = (id: string) => value('SELECT state FROM resources WHERE id = ?', id);

/** Every free access port in Paris but one goes into service: the class is short. */
const fillParisPorts = () =>
  run(`UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-ACCESS-PORT' AND region = 'PAR'
       AND state = 'available' AND id <> 'PORT-PAR-2-2-8'`);

describe('1.O.3.1.5 manageResourceInventory', () => {
  it('marks a class past its availability threshold short of capacity and has capacity installed, pending acceptance', async () => {
    fillParisPorts();
    const out = await rmo.manageResourceInventory({ runId: 'RUN-1' });

    expect(out.shortfalls).toHaveLength(1);
    const shortfall = rows('SELECT * FROM capacity_shortfalls')[0]!;
    expect(shortfall).toMatchObject({
      resource_spec_id: 'RS-ACCESS-PORT',
      region: 'PAR',
      available: 1,
      total: 32,
      state: 'capacityOrdered',
    });
    const added = JSON.parse(String(shortfall['added_resource_ids'])) as string[];
    // A new line card in a Paris node, with eight ports on it, out of service until accepted.
    expect(added).toHaveLength(9);
    const card = rows(`SELECT * FROM resources WHERE id = ?`, added[0])[0]!;
    expect(card).toMatchObject({ resource_type: 'card', region: 'PAR', state: 'outOfService' });
    expect(count(`SELECT COUNT(*) FROM resources WHERE parent_id = ? AND spec_id = 'RS-ACCESS-PORT'`, card['id'])).toBe(
      8,
    );
    expect(count(`SELECT COUNT(*) FROM resource_acceptance WHERE state = 'pending' AND reason = 'new'`)).toBe(9);
    // The shortfall is a readiness action, notified.
    const action = rows(`SELECT * FROM readiness_actions WHERE metric = 'resources.availableRatio'`)[0]!;
    expect(action).toMatchObject({ etom_id: '1.O.3.1.5', subject: 'RS-ACCESS-PORT@PAR', state: 'open' });
    expect(value('SELECT subject FROM notifications WHERE id = ?', action['notification_id'])).toContain(
      'RS-ACCESS-PORT@PAR',
    );
    expect(rows(`SELECT etom_id FROM readiness_reports WHERE run_id = 'RUN-1'`)).toEqual([{ etom_id: '1.O.3.1.5' }]);

    // Another run while the capacity is on its way opens no second shortfall.
    await rmo.manageResourceInventory({ runId: 'RUN-2' });
    expect(count('SELECT COUNT(*) FROM capacity_shortfalls')).toBe(1);
    expect(count('SELECT COUNT(*) FROM resources WHERE parent_id = ?', card['id'])).toBe(8);
  });

  it('reconciles with discovery: withdraws an element the network no longer reports, records one it did not know', async () => {
    injectDiscoveryDiscrepancy(t.store.db, { kind: 'missing', resourceId: 'PORT-LYO-1-1-5' });
    injectDiscoveryDiscrepancy(t.store.db, {
      kind: 'extra',
      resourceId: 'PORT-LIL-9-9-9',
      resourceSpecId: 'RS-ACCESS-PORT',
      resourceType: 'port',
      region: 'LIL',
      parentId: 'CARD-LIL-1-1',
    });
    injectDiscoveryDiscrepancy(t.store.db, { kind: 'carries', resourceId: 'PORT-PAR-1-1-2', serviceId: 'SVC-OTHER' });
    const out = await rmo.manageResourceInventory({ runId: 'RUN-1' });

    expect(rows('SELECT kind, subject, resolution FROM inventory_discrepancies ORDER BY kind')).toEqual([
      { kind: 'configurationMismatch', subject: 'PORT-PAR-1-1-2', resolution: 'to be checked with activation' },
      { kind: 'notDiscovered', subject: 'PORT-LYO-1-1-5', resolution: 'taken out of the available pool' },
      { kind: 'undocumented', subject: 'PORT-LIL-9-9-9', resolution: 'recorded, pending acceptance' },
    ]);
    expect(out.discrepancies).toHaveLength(3);
    expect(stateOf('PORT-LYO-1-1-5')).toBe('outOfService');
    expect(count(`SELECT COUNT(*) FROM resource_state_history WHERE resource_id = 'PORT-LYO-1-1-5'`)).toBe(1);
    expect(stateOf('PORT-LIL-9-9-9')).toBe('outOfService');
    expect(value(`SELECT reason FROM resource_acceptance WHERE resource_id = 'PORT-LIL-9-9-9'`)).toBe('discovered');
  });
});

describe('1.O.3.1.1 enableResourceProvisioning', () => {
  it('tests the installed capacity and accepts it into the available pool, which ends the shortfall', async () => {
    fillParisPorts();
    await rmo.manageResourceInventory({ runId: 'RUN-1' });
    const out = await rmo.enableResourceProvisioning({ runId: 'RUN-1' });

    expect(out.accepted).toHaveLength(9);
    expect(out.failed).toEqual([]);
    expect(
      count(
        `SELECT COUNT(*) FROM resources WHERE spec_id = 'RS-ACCESS-PORT' AND region = 'PAR' AND state = 'available'`,
      ),
    ).toBe(9);
    expect(value('SELECT state FROM capacity_shortfalls')).toBe('resolved');
    // The acceptance test left nothing configured on the elements.
    expect(count(`SELECT COUNT(*) FROM network_configuration WHERE service_id LIKE 'ACCEPTANCE-%'`)).toBe(0);
    expect(
      count(`SELECT COUNT(*) FROM resource_state_history WHERE to_state = 'available' AND reason LIKE 'accepted%'`),
    ).toBe(9);
  });

  it('keeps a resource that fails its acceptance test out of the pool and sends it to repair', async () => {
    fillParisPorts();
    await rmo.manageResourceInventory({ runId: 'RUN-1' });
    const port = String(
      value(`SELECT id FROM resources WHERE spec_id = 'RS-ACCESS-PORT' AND state = 'outOfService' ORDER BY id LIMIT 1`),
    );
    injectFault(t.store.db, port, 'testResource');
    const out = await rmo.enableResourceProvisioning({ runId: 'RUN-1' });

    expect(out.failed).toEqual([port]);
    expect(stateOf(port)).toBe('outOfService');
    expect(value('SELECT state FROM capacity_shortfalls')).toBe('capacityOrdered');
    expect(rows(`SELECT kind, state FROM maintenance_jobs WHERE resource_id = ?`, port)).toEqual([
      { kind: 'repair', state: 'requested' },
    ]);
  });
});

describe('1.O.3.1.3 supportResourceTroubleManagement', () => {
  it('repairs an idle faulty element and hands it back for acceptance; a trouble-prone one gets a preventive test and a repair', async () => {
    // An element taken out of service after a fault, nobody's: repaired in place.
    run(`UPDATE resources SET state = 'outOfService' WHERE id = 'PORT-LIL-1-1-1'`);
    // A port in service that went down three times this quarter, and still fails its test.
    const at = '2026-02-01T00:00:00.000Z';
    for (let i = 0; i < 3; i++)
      run(
        `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at) VALUES ('PORT-PAR-1-1-1', 'inService', 'outOfService', 'fault', ?)`,
        at,
      );
    injectFault(t.store.db, 'PORT-PAR-1-1-1', 'testResource', UNTIL_REPAIRED);

    const out = await rmo.supportResourceTroubleManagement({ action: 'support', runId: 'RUN-1' });
    expect(out.figures).toMatchObject({ troubleProne: 1, repaired: 2, repairFailed: 0 });
    expect(rows('SELECT resource_id, kind, state FROM maintenance_jobs ORDER BY resource_id')).toEqual([
      { resource_id: 'PORT-LIL-1-1-1', kind: 'repair', state: 'repaired' },
      { resource_id: 'PORT-PAR-1-1-1', kind: 'preventive', state: 'repaired' },
    ]);
    expect(value(`SELECT reason FROM resource_acceptance WHERE resource_id = 'PORT-LIL-1-1-1'`)).toBe('repaired');
    // The repair cleared the fault: the port tests well again.
    expect((await t.store.ports.networkActivation.testResource('PORT-PAR-1-1-1')).passed).toBe(true);
  });
});

describe('1.O.3.1.2 enableResourcePerformanceManagement', () => {
  it('samples every configured element of each class and raises an action when a class fails its tests too often', async () => {
    injectFault(t.store.db, 'PORT-PAR-1-1-1', 'testResource', UNTIL_REPAIRED);
    const out = await rmo.enableResourcePerformanceManagement({ runId: 'RUN-1' });

    const par = rows(
      `SELECT total, in_service, tests, failed_tests FROM resource_class_samples WHERE resource_spec_id = 'RS-ACCESS-PORT' AND region = 'PAR'`,
    )[0]!;
    expect(par).toEqual({ total: 32, in_service: 3, tests: 3, failed_tests: 1 });
    expect(rows(`SELECT subject FROM readiness_actions WHERE metric = 'resources.testFailureRate'`)).toEqual([
      { subject: 'RS-ACCESS-PORT@PAR' },
    ]);
    expect(out.actions).toHaveLength(1);
  });
});

describe('1.O.3.1.4 enableResourceDataCollectionAndProcessing', () => {
  it('finds the classes continually in demand and asks maintenance for resources too often unavailable', async () => {
    fillParisPorts();
    for (let i = 0; i < 3; i++)
      run(
        `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at) VALUES ('CARD-LYO-1-1', 'inService', 'outOfService', 'fault', ?)`,
        '2026-02-10T00:00:00.000Z',
      );
    const out = await rmo.enableResourceDataCollectionAndProcessing({ runId: 'RUN-1' });

    expect(out.figures['RS-ACCESS-PORT@PAR.utilisation']).toBeCloseTo(31 / 32, 3);
    expect(rows(`SELECT subject FROM readiness_actions WHERE metric = 'resources.utilisation'`)).toEqual([
      { subject: 'RS-ACCESS-PORT@PAR' },
    ]);
    expect(rows('SELECT resource_id, kind FROM maintenance_jobs')).toEqual([
      { resource_id: 'CARD-LYO-1-1', kind: 'preventive' },
    ]);
  });
});

describe('1.O.3.1.7 manageLogistics', () => {
  it('replenishes a low warehouse, ships goods taken for services to the sites, returns faulty goods and takes them back repaired', async () => {
    // Paris warehouse: routers 4-6 went to customers, router 7 came back faulty.
    run(`UPDATE resources SET state = 'inService' WHERE id IN ('CPE-PAR-4', 'CPE-PAR-5', 'CPE-PAR-6')`);
    run(`UPDATE resources SET state = 'outOfService' WHERE id = 'CPE-PAR-7'`);

    await rmo.manageLogistics({ runId: 'RUN-1' });
    const shipments = rows('SELECT kind, destination, state, resource_ids FROM shipments ORDER BY id');
    expect(
      shipments.filter((s) => s['kind'] === 'toSite').map((s) => JSON.parse(String(s['resource_ids']))[0]),
    ).toEqual(['CPE-LYO-1', 'CPE-PAR-1', 'CPE-PAR-2', 'CPE-PAR-3']);
    expect(value(`SELECT site FROM resources WHERE id = 'CPE-PAR-1'`)).toBe('site of CUST-1001');
    expect(shipments.find((s) => s['kind'] === 'returnForRepair')).toMatchObject({
      destination: 'SUP-BETA',
      state: 'inTransit',
    });
    const replenishment = shipments.find((s) => s['kind'] === 'replenishment')!;
    expect(replenishment).toMatchObject({ destination: 'PAR-WH', state: 'delivered' });
    const delivered = JSON.parse(String(replenishment['resource_ids'])) as string[];
    expect(delivered).toHaveLength(4);
    expect(count(`SELECT COUNT(*) FROM resource_acceptance WHERE reason = 'new' AND state = 'pending'`)).toBe(4);
    expect(rows(`SELECT subject FROM readiness_actions WHERE metric = 'stock.cpeMin'`)).toEqual([
      { subject: 'PAR-WH' },
    ]);

    // Next run: the supplier has repaired router 7; it is back, waiting for acceptance.
    await rmo.manageLogistics({ runId: 'RUN-2' });
    expect(value(`SELECT state FROM shipments WHERE kind = 'returnForRepair'`)).toBe('returned');
    expect(value(`SELECT reason FROM resource_acceptance WHERE resource_id = 'CPE-PAR-7'`)).toBe('repaired');
    // Nothing shipped twice, nothing replenished twice.
    expect(count(`SELECT COUNT(*) FROM shipments WHERE kind = 'toSite'`)).toBe(4);
    expect(count(`SELECT COUNT(*) FROM shipments WHERE kind = 'replenishment'`)).toBe(1);
  });
});
