import { proxyActivities } from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import type {
  InteractionReport,
  SupplierRequest,
  SupplierRequestInput,
} from '../../src/domain/lifecycle/partner-interaction';
import { SYSTEM_CALL } from '../shared/activity-options';
import { markProgress } from '../shared/search-attributes';
import { SupplierRequestInput as SupplierRequestInputContract } from '../../src/domain/lifecycle/partner-interaction';
import { validInput } from '../shared/valid-input';

/**
 * S/P Interface Management (1.FAB.4.6) for one supplier request, through the partner gateway
 * or the supplier's self-service portal: the request is accepted and answered from the store
 * or handed to the process that can (1.FAB.4.6.1), then the supplier's interactions are
 * analysed and reported (1.FAB.4.6.2). Workflow id: any unique id, S/PRM queue.
 */
export interface PartnerInteractionResult {
  request: SupplierRequest;
  report: InteractionReport;
}

const sprm = proxyActivities<SprmActivities>(SYSTEM_CALL);

export async function partnerInteraction(input: SupplierRequestInput): Promise<PartnerInteractionResult> {
  validInput(SupplierRequestInputContract, input);
  markProgress({ process: '1.FAB.4.6.1', layer: 'S/PRM' });
  const request = await sprm.manageSPRequests(input);
  markProgress({ process: '1.FAB.4.6.2', state: request.status });
  const report = await sprm.analyzeAndReportSPInteractions({ supplierId: request.supplierId });
  return { request, report };
}
