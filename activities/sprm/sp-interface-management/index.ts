import type { Ports } from '../../../src/ports';
import { createAnalyzeAndReportSPInteractions } from './analyze-report-sp-interactions';
import { createManageSPRequests } from './manage-sp-requests-including-self-service';

/**
 * S/P Interface Management (1.FAB.4.6): every request a supplier or partner makes reaches the
 * enterprise here; what the store knows is answered at once (self-service), the rest goes to
 * the process that can settle it; and the interactions are analysed to improve how we work
 * with each supplier.
 */
export function createSpInterfaceManagementActivities(
  ports: Pick<Ports, 'partnerInteractions' | 'notifications' | 'clock'>,
) {
  return {
    manageSPRequests: createManageSPRequests(ports),
    analyzeAndReportSPInteractions: createAnalyzeAndReportSPInteractions(ports),
  };
}
