import { createResourceProvisioningActivities } from '../../../activities/rmo/resource-provisioning';
import type { AllocateAndInstallResourceInput } from '../../../activities/rmo/resource-provisioning/allocate-install-resource';
import { madeBeforeEach } from '../../support/each-test';
import { resourceTable } from '../../support/fulfilment';
import { useTestStore } from '../../support/store';

/**
 * What the RM&O resource provisioning tests share (1.F.3.2.1–1.F.3.2.4, split in
 * resource-provisioning-allocation.test.ts and -activation.test.ts): a store per test, the
 * activities on it, and an order's steps (reserve, activate, the whole provisioning) to start from.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
export const HOLD = '2026-03-04T09:00:00.000Z';

/** Call once at the top of a test file: registers the store's hooks and returns the helpers. */
export function useResourceProvisioning() {
  const t = useTestStore(NOW);
  // Made anew with the store before each test.
  const rp = madeBeforeEach(() => createResourceProvisioningActivities(t.store.ports));

  const inventory = () => resourceTable(t.store);

  const fibreNeeds = [
    { resourceSpecId: 'RS-ACCESS-PORT' },
    { resourceSpecId: 'RS-VLAN' },
    { resourceSpecId: 'RS-CPE-ROUTER' },
  ];
  const reserveInput = (
    id = 'RO-1',
    region = 'PAR',
    needs: Array<{ resourceSpecId: string; quantity?: number }> = fibreNeeds,
    holdUntil = HOLD,
  ): AllocateAndInstallResourceInput => ({
    action: 'reserve',
    resourceOrderId: id,
    serviceOrderId: 'SO-1',
    serviceId: `SVC-${id}`,
    customerId: 'CUST-1001',
    region,
    needs,
    holdUntil,
  });
  const reserve = (...a: Parameters<typeof reserveInput>) => rp.allocateAndInstallResource(reserveInput(...a));
  const activate = (id = 'RO-1', key?: string) =>
    rp.configureAndActivateResource(
      { action: 'activate', resourceOrderId: id, serviceId: `SVC-${id}` },
      key ? { idempotencyKey: key } : {},
    );
  const provision = async (id = 'RO-1') => {
    await reserve(id);
    await activate(id);
    await rp.testResource({ resourceOrderId: id });
    return rp.collectUpdateAndReportResourceConfigurationData({ resourceOrderId: id });
  };

  return { t, rp, inventory, reserveInput, reserve, activate, provision };
}
