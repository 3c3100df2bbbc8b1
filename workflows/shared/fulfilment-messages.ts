import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Characteristics } from '../../src/domain/fulfilment/product-order';
import type { PartnerOrderState, SupplierReport } from '../../src/domain/fulfilment/partner-order';
import type { ResourceOrderState } from '../../src/domain/fulfilment/resource-order';
import type { ServiceOrderProgress, ServiceOrderState } from '../../src/domain/fulfilment/service-order';
import type { SupplierDeliveryChange } from '../../src/domain/fulfilment/supplier-delivery';
import type { Amendment, ProductOrderView } from '../crm/order-handling';

/**
 * The messages that cross layers during fulfilment. A layer never reads another's variables:
 * it starts a child workflow, or sends one of these.
 */

/** SM&O → CRM: a service order moved on (1.F.1.5.4 tracks the order from these). */
export const serviceOrderProgressSignal = defineSignal<[ServiceOrderProgress]>('serviceOrderProgress');

/** CRM → SM&O: the customer amended an item before its service was implemented. */
export const amendServiceOrderSignal = defineSignal<[{ characteristics: Characteristics }]>('amendServiceOrder');

/** SM&O → RM&O: work is scheduled and supplier parts are in; configure what was reserved. */
export const proceedWithResourceOrderSignal =
  defineSignal<[{ deliveredResourceIds: string[] }]>('proceedWithResourceOrder');

/** Supplier (through the partner gateway) → S/PRM: a report on a requisition. */
export const supplierReportSignal = defineSignal<[SupplierReport]>('supplierReport');

/** S/PRM (1.F.4.2.3) → CRM (1.F.1.5.4): a supplier moved the delivery date of a component the order waits for. */
export const supplierDeliveryChangedSignal = defineSignal<[SupplierDeliveryChange]>('supplierDeliveryChanged');

export interface LayerOrderView<S extends string> {
  id: string;
  state: S;
  /** The eTOM id of the process running now, or last run. */
  currentProcess: string | null;
  reason: string | null;
}

export const getServiceOrderQuery = defineQuery<LayerOrderView<ServiceOrderState> & { serviceId: string | null }>(
  'getServiceOrder',
);
export const getResourceOrderQuery = defineQuery<LayerOrderView<ResourceOrderState> & { resourceIds: string[] }>(
  'getResourceOrder',
);
export const getPartnerOrderQuery = defineQuery<
  LayerOrderView<PartnerOrderState> & { supplierId: string | null; expectedDelivery: string | null }
>('getPartnerOrder');

/** Customer → CRM: where the product order stands (TMF622 ProductOrder). */
export const getProductOrderQuery = defineQuery<ProductOrderView>('getProductOrder');
/** TMF622 CancelProductOrder: answers once the cancellation is accepted (pendingCancellation). */
export const cancelProductOrderUpdate = defineUpdate<ProductOrderView, [{ reason: string }]>('cancelProductOrder');
/** A change of date, or of an item's characteristics before its service is implemented. */
export const amendProductOrderUpdate = defineUpdate<ProductOrderView, [Amendment]>('amendProductOrder');
