import type { Ports } from '../../../src/ports';
import { createActivateService } from './activate-service';
import { createAllocateSpecificServiceParameters } from './allocate-specific-service-parameters-to-services';
import { createDesignSolution } from './design-solution';
import { createImplementConfigureAndActivateService } from './implement-configure-activate-service';
import { createTestServiceEndToEnd } from './test-service-end-to-end';
import { createTrackAndManageWorkOrders } from './track-manage-work-orders';

/**
 * Service Configuration & Activation (1.F.2.2): installing and configuring a service for a
 * customer — designing the solution, allotting its identifiers, running the work orders,
 * configuring it end to end over the resources RM&O provisioned, testing it, activating it.
 */
export function createServiceConfigurationActivationActivities(
  ports: Pick<
    Ports,
    'catalog' | 'serviceInventory' | 'workforce' | 'networkActivation' | 'eventSubscriptions' | 'clock'
  >,
) {
  return {
    designSolution: createDesignSolution(ports),
    allocateSpecificServiceParameters: createAllocateSpecificServiceParameters(ports),
    trackAndManageWorkOrders: createTrackAndManageWorkOrders(ports),
    implementConfigureAndActivateService: createImplementConfigureAndActivateService(ports),
    testServiceEndToEnd: createTestServiceEndToEnd(ports),
    activateService: createActivateService(ports),
  };
}
