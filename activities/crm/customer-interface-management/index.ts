import type { Ports } from '../../../src/ports';
import { createAnalyzeAndReportOnCustomer } from './analyze-report-on-customer';
import { createManageContact } from './manage-contact';
import { createManageRequest } from './manage-request-including-self-service';

/**
 * Customer Interface Management (1.FAB.1.2): every way a customer reaches the operator goes
 * through here, so that each contact is known and each request ends up with the process that
 * answers it.
 */
export function createCustomerInterfaceManagementActivities(
  ports: Pick<
    Ports,
    'customerManagement' | 'clock' | 'customerRelationships' | 'eventSubscriptions' | 'readinessReports'
  >,
) {
  return {
    manageContact: createManageContact(ports),
    manageRequest: createManageRequest(ports),
    analyzeAndReportOnCustomer: createAnalyzeAndReportOnCustomer(ports),
  };
}
