/**
 * Every workflow of the project, bundled once and registered by each layer's worker; a layer
 * only runs the workflows started on its own task queue. Named one by one: a workflow file
 * also exports how it is started (its id and start functions), which are not workflows.
 */
export { billCollection, billingAndCollections, billingInquiry } from './crm/billing-collections-management';
export { crmReadiness } from './crm/crm-support-readiness';
export { customerInteraction } from './crm/customer-interaction';
export { customerSla } from './crm/customer-qos-sla-management';
export { eventDelivery } from './crm/event-delivery';
export { finalBill } from './crm/final-bill';
export { marketingCampaignResponse } from './crm/marketing-fulfilment-response';
export { productOrder } from './crm/order-handling';
export { troubleTicket } from './crm/problem-handling';
export { customerRelationship } from './crm/retention-loyalty';
export { salesOpportunity } from './crm/selling';
export { serviceFeasibility, serviceOrder } from './smo/service-configuration-activation';
export { serviceProblem } from './smo/service-problem-management';
export { serviceQuality } from './smo/service-quality-management';
export { usageRating } from './smo/service-specific-instance-rating';
export { smoReadiness } from './smo/smo-support-readiness';
export { usageCollection } from './rmo/resource-data-collection-processing';
export { resourcePerformance } from './rmo/resource-performance-management';
export { resourceAvailability, resourceOrder } from './rmo/resource-provisioning';
export { alarmSurveillance, resourceTrouble } from './rmo/resource-trouble-management';
export { rmoReadiness } from './rmo/rmo-support-readiness';
export { workOrder } from './rmo/workforce-management';
export { partnerInteraction } from './sprm/sp-interface-management';
export { partnerPerformance } from './sprm/sp-performance-management';
export { partnerProblem } from './sprm/sp-problem-reporting-management';
export { partnerCease, partnerOrder } from './sprm/sp-requisition-management';
export { partnerSettlement } from './sprm/sp-settlements-billing-management';
export { sprmReadiness } from './sprm/sprm-support-readiness';
