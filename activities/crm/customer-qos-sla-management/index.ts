import type { Ports } from '../../../src/ports';
import { createAssessCustomerQoSPerformance } from './assess-customer-qos-performance';
import { createManageQoSSLAViolation } from './manage-qos-sla-violation';
import { createManageCustomerQoSReporting } from './manage-reporting';

/**
 * Customer QoS/SLA Management (1.A.1.7): each customer's quality for a period, as SM&O measured
 * it, held against what the customer was promised; a violation earns a credit billing applies
 * to the next bill, and the customer gets their report.
 */
export function createCustomerQosSlaManagementActivities(
  ports: Pick<Ports, 'customerSla' | 'slaCredits' | 'notifications' | 'customerManagement'>,
) {
  return {
    assessCustomerQoSPerformance: createAssessCustomerQoSPerformance(ports),
    manageQoSSLAViolation: createManageQoSSLAViolation(ports),
    manageCustomerQoSReporting: createManageCustomerQoSReporting(ports),
  };
}
