import { executeChild, patched } from '@temporalio/workflow';
import type { ServiceOrderResult } from '../../../src/domain/fulfilment/service-order';
import { resourceOrder, resourceOrderId, resourceOrderStart } from '../../rmo/resource-provisioning';
import { partnerCease, partnerCeaseId, partnerCeaseStart } from '../../sprm/sp-requisition-management';
import { logDecision } from '../../shared/decision-log';
import { type ServiceOrderRun, smo } from './run';

/**
 * A cease RM&O could not take back closes its stored order failed (TMF641), as the other
 * actions' failures do; the service stays as it was (1.F.2.2.6 was not reached). Before this
 * patch the run returned failed and left the stored order inProgress.
 */
export const CEASE_FAILURE_CLOSES_ORDER = 'cease-failure-closes-order';
/** From this patch on, the supplier products a ceased service was built on are ceased with their suppliers (S/PRM). */
export const CEASE_ENDS_SUPPLIER_PRODUCTS = 'cease-ends-supplier-products';

/** A cease: RM&O takes the resources back, the identifiers return to their pools, the service ends. */
export async function cease(o: ServiceOrderRun): Promise<ServiceOrderResult> {
  const { req, serviceOrderId } = o;
  if (!req.serviceId) return o.finish('failed', 'a cease names the service to cease');
  const serviceId = req.serviceId;

  // 1.F.2.2.1 — plan the cease.
  o.at('1.F.2.2.1');
  const { design } = await smo.designSolution({ action: 'cease', order: o.header, serviceId });
  o.view.state = 'inProgress';
  await o.done('1.F.2.2.1', `cease of ${serviceId}`);

  const fail = async (reason: string): Promise<ServiceOrderResult> => {
    if (patched(CEASE_FAILURE_CLOSES_ORDER)) {
      await smo.activateService({ action: 'failChange', serviceOrderId, reason });
      o.view.state = 'failed';
    }
    return o.finish('failed', reason);
  };

  // RM&O finds what the service's earlier orders hold: this order only takes it back.
  if (design.resourceNeeds.length > 0 || design.supplierComponents.length > 0) {
    const id = resourceOrderId(serviceOrderId);
    const taken = await executeChild(
      resourceOrder,
      resourceOrderStart(id, {
        resourceOrderId: id,
        serviceOrderId,
        serviceId,
        customerId: req.customerId,
        region: req.region,
        action: 'delete',
        needs: [],
        timings: req.timings,
      }),
    );
    if (taken.state !== 'completed') return fail(taken.reason ?? `resource order ${taken.state}`);
    // RM&O's configuration report (1.F.3.2.4): an element it still shows set up is not taken back.
    const left = taken.resources.filter((r) => Object.keys(r.configuration ?? {}).length > 0).map((r) => r.id);
    if (left.length > 0) return fail(`RM&O reports ${left.join(', ')} still configured`);
  }

  // S/PRM (1.F.4.2.3) ends what suppliers delivered for the service: we no longer pay for it.
  // A supplier refusing does not keep our service up: S/PRM has recorded it for follow-up.
  let refusedBySuppliers: string | null = null;
  if (design.supplierComponents.length > 0 && patched(CEASE_ENDS_SUPPLIER_PRODUCTS)) {
    const partners = await executeChild(
      partnerCease,
      partnerCeaseStart(partnerCeaseId(serviceOrderId), { serviceId, reason: `service ${serviceId} ceased` }),
    );
    if (partners.refused?.length) {
      refusedBySuppliers = `ceased; not ceased by its supplier, followed up by S/PRM: ${partners.refused
        .map((r) => r.partnerOrderId)
        .join(', ')}`;
      logDecision('service ceased, a supplier product left for S/PRM to follow up', '1.F.2.2', {
        serviceOrderId,
        refused: partners.refused,
      });
    }
  }

  // 1.F.2.2.2 — the identifiers return to their pools.
  o.at('1.F.2.2.2');
  await smo.allocateSpecificServiceParameters({ action: 'release', serviceId, reason: `service ${serviceId} ceased` });
  await o.done('1.F.2.2.2', 'identifiers released');

  // 1.F.2.2.6 — the service ends, and the order with it.
  o.at('1.F.2.2.6');
  await smo.activateService({
    action: 'deactivate',
    serviceId,
    reason: 'ceased',
    closeOrder: { serviceOrderId, state: 'completed' },
  });
  o.view.state = 'completed';
  await o.done('1.F.2.2.6', 'service terminated');
  return o.finish('completed', refusedBySuppliers);
}
