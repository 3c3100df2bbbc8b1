import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import type { PartnerPerformanceRequest, SupplierScorecard } from '../../src/domain/assurance/supplier-performance';
import { SYSTEM_CALL } from '../shared/activity-options';
import { getPartnerPerformanceQuery } from '../shared/assurance-messages';
import { markProgress } from '../shared/search-attributes';
import { PartnerPerformanceRequest as PartnerPerformanceRequestContract } from '../../src/domain/assurance/supplier-performance';
import { validInput } from '../shared/valid-input';

/**
 * S/P Performance Management (1.A.4.4) for one supplier and one period (workflow id e.g.
 * `SPP-${supplierId}-${periodEnd}`): measure its service quality against its SLA (1.A.4.4.1),
 * have it restore its quality when it missed the SLA (1.A.4.4.2), then score the period and
 * set its rating (1.A.4.4.3). Returns the scorecard.
 */

const sprm = proxyActivities<SprmActivities>(SYSTEM_CALL);

export async function partnerPerformance(req: PartnerPerformanceRequest): Promise<SupplierScorecard> {
  validInput(PartnerPerformanceRequestContract, req);
  const view = {
    id: workflowInfo().workflowId,
    state: 'measuring' as 'measuring' | 'restoring' | 'scoring' | 'scored',
    currentProcess: null as string | null,
    scorecard: null as SupplierScorecard | null,
  };
  setHandler(getPartnerPerformanceQuery, () => view);
  const at = (process: string, state: typeof view.state) => {
    view.currentProcess = process;
    view.state = state;
    markProgress({ process, state, layer: 'S/PRM' });
  };

  at('1.A.4.4.1', 'measuring');
  view.scorecard = await sprm.monitorAndControlSPServiceQuality(req);
  if (!view.scorecard.slaMet) {
    at('1.A.4.4.2', 'restoring');
    view.scorecard = await sprm.restoreSPServiceQuality(req);
  }
  at('1.A.4.4.3', 'scoring');
  view.scorecard = await sprm.trackSPPerformance(req);
  view.state = 'scored';
  markProgress({ state: 'scored' });
  return view.scorecard;
}
