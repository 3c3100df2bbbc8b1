import type { Ports } from '../../../src/ports';
import { createCloseProblem } from './close-problem';
import { createIsolateProblemAndInitiateResolution } from './isolate-problem-initiate-resolution';
import { createReportProblem } from './report-problem';
import { createTrackAndManageProblem } from './track-manage-problem';

/**
 * Problem Handling (1.A.1.6): the customer's side of a trouble. The ticket (TMF621) is CRM's;
 * the service problem behind it is SM&O's, reached only through the workflow (child or signal).
 */
export function createProblemHandlingActivities(
  ports: Pick<
    Ports,
    | 'troubleTickets'
    | 'serviceInventory'
    | 'productOrders'
    | 'customerManagement'
    | 'notifications'
    | 'eventSubscriptions'
    | 'clock'
  >,
) {
  return {
    isolateProblemAndInitiateResolution: createIsolateProblemAndInitiateResolution(ports),
    reportProblem: createReportProblem(ports),
    trackAndManageProblem: createTrackAndManageProblem(ports),
    closeProblem: createCloseProblem(ports),
  };
}
