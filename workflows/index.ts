/**
 * Every workflow of the project, bundled once and registered by each layer's worker; a layer
 * only runs the workflows started on its own task queue.
 */
export { customerInteraction } from './crm/customer-interaction';
export { productOrder } from './crm/order-handling';
export { serviceFeasibility, serviceOrder } from './smo/service-configuration-activation';
export { resourceAvailability, resourceOrder } from './rmo/resource-provisioning';
export { partnerOrder } from './sprm/sp-requisition-management';
export * from './rmo/resource-trouble-management';
export * from './rmo/resource-performance-management';
export * from './crm/problem-handling';
export * from './smo/service-problem-management';
export * from './smo/service-quality-management';
export * from './crm/customer-qos-sla-management';
export * from './sprm/sp-problem-reporting-management';
export * from './sprm/sp-performance-management';
export * from './rmo/resource-data-collection-processing';
export * from './smo/service-specific-instance-rating';
export * from './crm/billing-collections-management';
export * from './sprm/sp-settlements-billing-management';
export * from './rmo/workforce-management';
export * from './crm/marketing-fulfilment-response';
export * from './crm/selling';
export * from './crm/retention-loyalty';
export * from './sprm/sp-interface-management';
export * from './crm/crm-support-readiness';
export * from './smo/smo-support-readiness';
export * from './rmo/rmo-support-readiness';
export * from './sprm/sprm-support-readiness';
