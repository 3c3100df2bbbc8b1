import type { Ports } from '../../../src/ports';
import { createDetermineSPPreRequisitionFeasibility } from './determine-sp-pre-requisition-feasibility';
import { createPlaceAndTrackSPRequisition } from './place-track-sp-requisition';
import { createReceiveAndAcceptSPProduct } from './receive-accept-sp-product';
import { createSelectSupplierPartner } from './select-supplier-partner';

/**
 * S/P Requisition Management (1.F.4.2): buying from suppliers and partners what the operator
 * does not have — here, access where it has no network. Our record of each requisition and of
 * everything the supplier said about it is what S/PRM's analytics read later.
 */
export function createSPRequisitionManagementActivities(
  ports: Pick<Ports, 'partnerGateway' | 'partnerOrders' | 'resourceInventory' | 'readinessReports' | 'clock'>,
) {
  return {
    selectSupplierPartner: createSelectSupplierPartner(ports),
    determineSPPreRequisitionFeasibility: createDetermineSPPreRequisitionFeasibility(ports),
    placeAndTrackSPRequisition: createPlaceAndTrackSPRequisition(ports),
    receiveAndAcceptSPProduct: createReceiveAndAcceptSPProduct(ports),
  };
}
