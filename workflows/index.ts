/**
 * Every workflow of the project, bundled once and registered by each layer's worker; a layer
 * only runs the workflows started on its own task queue.
 */
export { customerInteraction } from './crm/customer-interaction';
export { productOrder } from './crm/order-handling';
export { serviceFeasibility, serviceOrder } from './smo/service-configuration-activation';
export { resourceAvailability, resourceOrder } from './rmo/resource-provisioning';
export { partnerOrder } from './sprm/sp-requisition-management';
