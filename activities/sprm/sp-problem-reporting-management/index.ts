import type { Ports } from '../../../src/ports';
import { createManageSPProblemResolution } from './manage-sp-problem-resolution';
import { createReceiveAndReportSPProblem } from './receive-report-sp-problem';
import { createReportProblemToSP } from './report-problem-to-sp';

/**
 * S/P Problem Reporting & Management (1.A.4.3): a product bought from a supplier fails, and
 * S/PRM takes the problem to the supplier — reports it, receives what the supplier says and
 * passes it on to SM&O, follows the resolution (asks a silent supplier, escalates one that
 * misses the agreed time), and confirms the fix by testing the product before closing.
 * Every activity returns the update SM&O should hear, if any; the workflow sends it.
 */
export function createSpProblemReportingManagementActivities(
  ports: Pick<Ports, 'partnerGateway' | 'partnerProblems' | 'networkActivation' | 'notifications' | 'clock'>,
) {
  return {
    reportProblemToSP: createReportProblemToSP(ports),
    receiveAndReportSPProblem: createReceiveAndReportSPProblem(ports),
    manageSPProblemResolution: createManageSPProblemResolution(ports),
  };
}
