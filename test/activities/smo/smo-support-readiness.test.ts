import { beforeEach, describe, expect, it } from 'vitest';
import { createSmoSupportReadinessActivities } from '../../../activities/smo/smo-support-readiness';
import { useTestStore } from '../../support/store';
import { injectDiscoveryDiscrepancy } from '../../../src/simulators/discovery';

const NOW = '2026-03-02T09:00:00.000Z';
const RECENT = '2026-02-20T10:00:00.000Z';

const t = useTestStore(NOW, { installedBase: true });
let smo: ReturnType<typeof createSmoSupportReadinessActivities>;

beforeEach(() => {
  smo = createSmoSupportReadinessActivities(t.store.ports);
});

const { rows, count, run } = t;
const actions = (metric: string) =>
  rows('SELECT subject FROM readiness_actions WHERE metric = ? ORDER BY subject', metric);

describe('1.O.2.1.1 manageServiceInventory', () => {
  it('finds the installed base in agreement with the network, then records what discovery contradicts', async () => {
    const clean = await smo.manageServiceInventory({ runId: 'RUN-0' });
    expect(clean.figures).toMatchObject({ activeServices: 10, discrepancies: 0 });

    // The network says SVC-IB04-1's port and VLAN carry nothing, and an unknown service on a Lille port.
    run(`DELETE FROM network_configuration WHERE service_id = 'SVC-IB04-1'`);
    injectDiscoveryDiscrepancy(t.store.db, { kind: 'carries', resourceId: 'PORT-LIL-1-1-1', serviceId: 'SVC-GHOST' });
    const out = await smo.manageServiceInventory({ runId: 'RUN-1' });

    expect(rows(`SELECT kind, subject FROM inventory_discrepancies WHERE run_id = 'RUN-1' ORDER BY kind`)).toEqual([
      { kind: 'orphanConfiguration', subject: 'SVC-GHOST' },
      { kind: 'serviceNotOnNetwork', subject: 'SVC-IB04-1' },
    ]);
    expect(out.figures['discrepancies']).toBe(2);
  });
});

describe('1.O.2.1.2 enableServiceConfigurationAndActivation', () => {
  it('tops up an address pool that runs low and flags a service class that can no longer be configured in a region', async () => {
    run(
      `UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-IPV4-29' AND region = 'LYO' AND id <> 'IP-LYO-15'`,
    );
    run(`UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-CPE-ROUTER' AND region = 'LIL'`);
    const out = await smo.enableServiceConfigurationAndActivation({ runId: 'RUN-1' });

    const block = rows('SELECT * FROM number_blocks')[0]!;
    expect(block).toMatchObject({ resource_spec_id: 'RS-IPV4-29', region: 'LYO', size: 8 });
    expect(
      count(`SELECT COUNT(*) FROM resources WHERE spec_id = 'RS-IPV4-29' AND region = 'LYO' AND state = 'available'`),
    ).toBe(9);
    expect(out.figures['CFS-FIBRE-ACCESS.LIL.capacity']).toBe(0);
    // Marseille access is bought from suppliers: never short. Lille has no router left.
    expect(actions('services.capacityMin').map((a) => a['subject'])).toContain('CFS-FIBRE-ACCESS@LIL');
    expect(actions('services.capacityMin').map((a) => a['subject'])).not.toContain('CFS-VPN-SITE@MRS');
  });
});

describe('1.O.2.1.3 supportServiceProblemManagement', () => {
  it('finds chronic failures in the service problem history', async () => {
    for (let i = 0; i < 3; i++)
      run(
        `INSERT INTO service_problems (id, origin, service_id, customer_id, description, urgency, state, started_at, restored_at, created_at, updated_at)
         VALUES (?, 'customer', 'SVC-IB02-1', 'CUST-2001', 'down', 'high', 'closed', ?, ?, ?, ?)`,
        `SP-${i}`,
        RECENT,
        '2026-02-20T14:00:00.000Z',
        RECENT,
        RECENT,
      );
    const out = await smo.supportServiceProblemManagement({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ problems: 3, 'class:CFS-FIBRE-ACCESS.meanHoursToRestore': 4 });
    expect(actions('services.chronicProblems')).toEqual([{ subject: 'service:SVC-IB02-1' }]);
  });
});

describe('1.O.2.1.4 enableServiceQualityManagement', () => {
  it('holds the availability of each service class over the window against its objective', async () => {
    run(
      `INSERT INTO service_outages (id, service_id, customer_id, cause, started_at, restored_at) VALUES ('OUT-1', 'SVC-IB06-1', 'CUST-1002', 'circuit', '2026-02-10T00:00:00.000Z', '2026-02-11T00:00:00.000Z')`,
    );
    const out = await smo.enableServiceQualityManagement({ runId: 'RUN-1' });

    expect(out.figures['class:CFS-VPN-SITE.availability']).toBeCloseTo(1 - 1 / 90, 3);
    expect(actions('services.availability')).toEqual([{ subject: 'class:CFS-VPN-SITE' }]);
  });
});

describe('1.O.2.1.5 supportServiceAndSpecificInstanceRating', () => {
  it("records a version of each class's rating data, and a new one only when the data changed", async () => {
    const first = await smo.supportServiceAndSpecificInstanceRating({ runId: 'RUN-1' });
    expect(first.figures['versionsChanged']).toBe(4);
    expect(count('SELECT COUNT(*) FROM rating_reference_versions')).toBe(4);

    const same = await smo.supportServiceAndSpecificInstanceRating({ runId: 'RUN-2' });
    expect(same.figures['versionsChanged']).toBe(0);

    run(`UPDATE product_offerings SET recurring_minor = 2490 WHERE id = 'PO-VOICE-LINE'`);
    await smo.supportServiceAndSpecificInstanceRating({ runId: 'RUN-3' });
    expect(
      rows(`SELECT version FROM rating_reference_versions WHERE cfs_spec_id = 'CFS-VOICE-LINE' ORDER BY version`),
    ).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('reports rating data missing when the store has no tariffs', async () => {
    run('DELETE FROM tariffs');
    const out = await smo.supportServiceAndSpecificInstanceRating({ runId: 'RUN-1' });
    expect(out.figures['tariffsPresent']).toBe(0);
    expect(out.findings[0]).toContain('rating tariffs are missing');
    expect(actions('rating.tariffs')).toEqual([{ subject: 'rating' }]);
  });
});
