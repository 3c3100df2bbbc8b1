import { executeChild, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SmoActivities } from '../../activities/smo';
import type { ServiceQualityRequestInput } from '../../src/domain/assurance/messages';
import {
  customerSla,
  customerSlaStart,
  customerSlaWorkflowId,
  type CustomerSlaResult,
} from '../crm/customer-qos-sla-management';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import { markProgress } from '../shared/search-attributes';
import { ServiceQualityRequest as ServiceQualityRequestContract } from '../../src/domain/assurance/messages';
import { validInput } from '../shared/valid-input';
import { openServiceProblem } from './service-problem-management/hand-offs';

/**
 * Service Quality Management (1.A.2.4) for one period, started by RM&O after its performance
 * report: monitor (1.A.2.4.1) the period's outages and degraded elements, analyse (1.A.2.4.2)
 * the services' KQIs, propose improvements (1.A.2.4.3) to the processes that can make them,
 * identify the constraints and report them (1.A.2.4.4) — to RM&O by notice, to CRM by one
 * customerSla child per customer affected.
 * A service whose measured QoS misses its design (1.A.2.4.2) needs its problem resolved: one
 * serviceProblem of origin `quality` each, abandoned, since its repair outlives this run.
 * The run's id (this workflow's id) keys everything it records.
 */

const smo = proxyActivities<SmoActivities>(SYSTEM_CALL);
const LAYER = 'SM&O';

export interface ServiceQualityResult {
  runId: string;
  services: number;
  belowTarget: string[];
  improvements: number;
  /** The service problems opened for services missing their designed QoS (1.A.2.4.2 → 1.A.2.3). */
  serviceProblems: string[];
  /** The processes the improvement proposals were sent to. */
  proposedTo: string[];
  constraints: number;
  customers: CustomerSlaResult[];
}

/** The quality run that follows a resource performance report: `<performance run>/SQ/<period start>`. */
export const serviceQualityWorkflowId = (performanceRunId: string, periodStart: string) =>
  `${performanceRunId}/SQ/${periodStart}`;

/** The service problem a quality run opens for a service missing its designed QoS in a period. */
export const qualityProblemId = (serviceId: string, periodStart: string) =>
  `SP-Q-${serviceId}-${periodStart.replace(/[-:.]/g, '')}`;

/** From this patch on, a QoS shortfall found by analysis opens a service problem. */
export const QUALITY_OPENS_SERVICE_PROBLEMS = 'quality-opens-service-problems';

/** Service Quality Management runs on the SM&O queue. */
export function serviceQualityStart(workflowId: string, input: ServiceQualityRequestInput, extras?: ChildExtras) {
  return childStart<typeof serviceQuality>('smo', workflowId, [input], extras);
}

export async function serviceQuality(input: ServiceQualityRequestInput): Promise<ServiceQualityResult> {
  validInput(ServiceQualityRequestContract, input);
  const runId = workflowInfo().workflowId;
  markProgress({ layer: LAYER, process: '1.A.2.4.1', state: 'monitoring' });
  const monitored = await smo.monitorServiceQuality({ ...input, runId });

  markProgress({ process: '1.A.2.4.2', state: 'analysing' });
  const { periodStart, periodEnd } = input;
  const analysis = await smo.analyzeServiceQuality({ runId, periodStart, periodEnd, regions: monitored.regions });

  const serviceProblems: string[] = [];
  // Runs analysed before QoS was measured have no shortfalls: nothing to open, nothing to patch.
  const shortfalls = analysis.qosShortfalls ?? [];
  if (shortfalls.length && patched(QUALITY_OPENS_SERVICE_PROBLEMS)) {
    for (const q of shortfalls) {
      // Analysed again for the same period: the problem open already goes on.
      const opened = await openServiceProblem({
        serviceProblemId: qualityProblemId(q.serviceId, periodStart),
        origin: 'quality',
        serviceId: q.serviceId,
        customerId: q.customerId,
        description: `quality run ${runId}: ${q.detail}`,
        urgency: 'medium',
        timings: {},
      });
      serviceProblems.push(opened);
    }
  }

  markProgress({ process: '1.A.2.4.3', state: 'improving' });
  const improved = await smo.improveService({ runId });

  markProgress({ process: '1.A.2.4.4', state: 'reporting' });
  const constraints = await smo.identifyAndReportServiceConstraints({ runId });
  const customers = await Promise.all(
    constraints.customers.map((c) =>
      executeChild(
        customerSla,
        customerSlaStart(customerSlaWorkflowId(runId, c.customerId), {
          customerId: c.customerId,
          periodStart,
          periodEnd,
          kqis: c.kqis,
        }),
      ),
    ),
  );
  markProgress({ state: 'reported' });
  return {
    runId,
    services: analysis.kqis.length,
    belowTarget: analysis.belowTarget,
    serviceProblems,
    improvements: improved.actions.length,
    // A run whose 1.A.2.4.3 completed before proposals were sent (replayed from history) has none.
    proposedTo: (improved.notices ?? []).map((n) => n.addressedTo),
    constraints: constraints.constraints,
    customers,
  };
}
