import type { Ports } from '../../../src/ports';
import { createAllocateAndInstallResource } from './allocate-install-resource';
import { createCollectUpdateAndReportResourceConfigurationData } from './collect-update-report-resource-configuration-data';
import { createConfigureAndActivateResource } from './configure-activate-resource';
import { createTestResource } from './test-resource';

/**
 * Resource Provisioning (1.F.3.2): allocating and configuring resources to the service
 * instances of customers. The resource order's id is the reservation every resource it takes
 * carries, so what an order holds can always be found, and given back.
 */
export function createResourceProvisioningActivities(
  ports: Pick<Ports, 'resourceInventory' | 'networkActivation' | 'resourceOrders' | 'eventSubscriptions' | 'clock'>,
) {
  return {
    allocateAndInstallResource: createAllocateAndInstallResource(ports),
    configureAndActivateResource: createConfigureAndActivateResource(ports),
    testResource: createTestResource(ports),
    collectUpdateAndReportResourceConfigurationData: createCollectUpdateAndReportResourceConfigurationData(ports),
  };
}
