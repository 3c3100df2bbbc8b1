import type { Ports } from '../../../src/ports';
import { createCloseAndReportServiceProblem } from './close-report';
import { createDiagnoseServiceProblem } from './diagnose-service-problem';
import { createEvaluateAndQualifyServiceProblem } from './evaluate-qualify-problem';
import { createPlanAndAssignServiceProblemResolution } from './plan-assign-resolution';
import { createTrackAndManageServiceProblemResolution } from './track-manage-resolution';

/**
 * Service Problem Management (1.A.2.3): SM&O reacts to a problem affecting a customer's
 * service, finds its root cause on the (simulated) network, has it put right by whoever owns
 * the failing part — a technician, RM&O, a supplier, or SM&O's own reconfiguration — then
 * certifies the service is back and reports to CRM.
 */
export function createServiceProblemManagementActivities(
  ports: Pick<
    Ports,
    'serviceProblems' | 'serviceInventory' | 'networkActivation' | 'serviceOutages' | 'eventSubscriptions' | 'clock'
  >,
) {
  return {
    evaluateAndQualifyServiceProblem: createEvaluateAndQualifyServiceProblem(ports),
    diagnoseServiceProblem: createDiagnoseServiceProblem(ports),
    planAndAssignServiceProblemResolution: createPlanAndAssignServiceProblemResolution(ports),
    trackAndManageServiceProblemResolution: createTrackAndManageServiceProblemResolution(ports),
    closeAndReportServiceProblem: createCloseAndReportServiceProblem(ports),
  };
}
