import { describe, expect, it } from 'vitest';
import { clearDiscoveryDiscrepancy, discoverNetwork, injectDiscoveryDiscrepancy } from '../../src/simulators/discovery';
import { useTestStore } from '../support/store';

const t = useTestStore(undefined, { installedBase: true });
const { count } = t;

const byId = (id: string) => discoverNetwork(t.store.db).find((e) => e.resourceId === id);

describe('simulated discovery', () => {
  it('reports every installed element and every configured one, with the service it carries', () => {
    const found = discoverNetwork(t.store.db);
    const installed = count(`SELECT COUNT(*) FROM resources WHERE resource_type IN ('node', 'card', 'port')`);
    // Installed elements, plus the configured VLANs, routers and circuit of the installed base.
    expect(found.length).toBeGreaterThan(installed);
    expect(byId('PORT-PAR-1-1-1')).toMatchObject({ carries: 'SVC-IB01-1', adminState: 'up', parentId: 'CARD-PAR-1-1' });
    expect(byId('PORT-LIL-1-1-1')).toMatchObject({ carries: null, adminState: null });
    // A router in the warehouse is not on the network.
    expect(byId('CPE-LIL-1')).toBeUndefined();
  });

  it('disagrees with the inventory where told to: a missing element, an extra one, another service carried', () => {
    injectDiscoveryDiscrepancy(t.store.db, { kind: 'missing', resourceId: 'CARD-LYO-2-1' });
    injectDiscoveryDiscrepancy(t.store.db, {
      kind: 'extra',
      resourceId: 'PORT-X',
      resourceSpecId: 'RS-ACCESS-PORT',
      resourceType: 'port',
      region: 'LYO',
    });
    injectDiscoveryDiscrepancy(t.store.db, { kind: 'carries', resourceId: 'PORT-PAR-1-1-2', serviceId: 'SVC-Z' });
    expect(byId('CARD-LYO-2-1')).toBeUndefined();
    expect(byId('PORT-X')).toMatchObject({ region: 'LYO', resourceSpecId: 'RS-ACCESS-PORT' });
    expect(byId('PORT-PAR-1-1-2')?.carries).toBe('SVC-Z');

    clearDiscoveryDiscrepancy(t.store.db, 'CARD-LYO-2-1');
    expect(byId('CARD-LYO-2-1')).toBeDefined();
  });
});
