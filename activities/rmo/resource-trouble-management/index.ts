import type { Ports } from '../../../src/ports';
import { createCloseResourceTrouble } from './close-resource-trouble';
import { createCorrectAndRecoverResourceTrouble } from './correct-recover-resource-trouble';
import { createLocalizeResourceTrouble } from './localize-resource-trouble';
import { createReportResourceTrouble } from './report-resource-trouble';
import { createSurveyAndAnalyzeResourceTrouble } from './survey-analyze-resource-trouble';
import { createTrackAndManageResourceTrouble } from './track-manage-resource-trouble';

/**
 * Resource Trouble Management (1.A.3.3): from the alarms the network raises to a resource put
 * right. Survey & analysis (1.A.3.3.1) correlates the alarm list into root causes; each root
 * cause is a resource trouble report that is tracked (1.A.3.3.4), localized by tests
 * (1.A.3.3.2), reported to Service Problem Management for the services it touches (1.A.3.3.5),
 * corrected — automatically onto a redundant unit, or by a technician (1.A.3.3.3) — and closed
 * with what prevents it from happening again (1.A.3.3.6).
 */
export function createResourceTroubleManagementActivities(
  ports: Pick<Ports, 'alarms' | 'resourceTroubles' | 'networkActivation' | 'eventSubscriptions' | 'clock'>,
) {
  return {
    surveyAndAnalyzeResourceTrouble: createSurveyAndAnalyzeResourceTrouble(ports),
    localizeResourceTrouble: createLocalizeResourceTrouble(ports),
    correctAndRecoverResourceTrouble: createCorrectAndRecoverResourceTrouble(ports),
    trackAndManageResourceTrouble: createTrackAndManageResourceTrouble(ports),
    reportResourceTrouble: createReportResourceTrouble(ports),
    closeResourceTrouble: createCloseResourceTrouble(ports),
  };
}
