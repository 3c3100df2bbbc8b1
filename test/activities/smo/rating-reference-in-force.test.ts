import { beforeEach, describe, expect, it } from 'vitest';
import { createSmoSupportReadinessActivities } from '../../../activities/smo/smo-support-readiness';
import { tariffsInForce } from '../../../src/adapters/sqlite/usage-tariffs';
import { useTestStore } from '../../support/store';

const t = useTestStore('2026-03-02T09:00:00.000Z', { installedBase: true });
let smo: ReturnType<typeof createSmoSupportReadinessActivities>;
beforeEach(() => {
  smo = createSmoSupportReadinessActivities(t.store.ports);
});
const fibreData = () => tariffsInForce(t.store.db).find((x) => x.id === 'TAR-FIBRE-DATA');

describe('1.O.2.1.5 supportServiceAndSpecificInstanceRating', () => {
  it('versions the tariffs mediation and rating apply: a change is in force once versioned', async () => {
    // Never versioned: the tariff table as it stands.
    expect(fibreData()?.allowanceUnits).toBe(20);
    await smo.supportServiceAndSpecificInstanceRating({ runId: 'RUN-1' });

    const tariff = (await t.store.ports.usage.tariffFor('PO-FIBRE-BIZ', 'data'))!;
    await t.store.ports.usage.upsertTariff('raise-allowance', { ...tariff, allowanceUnits: 50 });
    // Changed in the table, not yet versioned: rating still applies version 1.
    expect(fibreData()?.allowanceUnits).toBe(20);

    const out = await smo.supportServiceAndSpecificInstanceRating({ runId: 'RUN-2' });
    expect(out.findings).toContain('CFS-FIBRE-ACCESS: rating reference data version 2');
    expect(fibreData()?.allowanceUnits).toBe(50);
  });

  it('flags an offering whose services meter a usage type no tariff prices', async () => {
    await t.store.ports.usage.removeTariff('drop', 'TAR-VPN-DATA');
    const out = await smo.supportServiceAndSpecificInstanceRating({ runId: 'RUN-1' });
    expect(out.figures['tariffGaps']).toBe(1);
    expect(
      t.rows("SELECT subject FROM readiness_actions WHERE metric = 'rating.tariff.missing' AND run_id = 'RUN-1'"),
    ).toEqual([{ subject: 'PO-VPN-BIZ/data' }]);
  });
});
