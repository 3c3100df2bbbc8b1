import { describe, expect, it } from 'vitest';
import { clusterStoreKind } from '../../src/cluster/topology';

/** Which enterprise store `etom cluster up` gives its processes when ETOM_STORE_URL is unset (#14). */
describe('the cluster topology’s enterprise store', () => {
  it('is PostgreSQL unless ETOM_CLUSTER_STORE=sqlite, and a wrong value is refused', () => {
    expect(clusterStoreKind({})).toBe('postgres');
    expect(clusterStoreKind({ ETOM_CLUSTER_STORE: 'postgres' })).toBe('postgres');
    expect(clusterStoreKind({ ETOM_CLUSTER_STORE: 'sqlite' })).toBe('sqlite');
    expect(() => clusterStoreKind({ ETOM_CLUSTER_STORE: 'mysql' })).toThrow(
      /^invalid environment: ETOM_CLUSTER_STORE must be postgres or sqlite$/,
    );
  });
});
