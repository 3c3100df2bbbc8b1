import {
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import type { ResourcePerformanceRequestInput } from '../../src/domain/assurance/resource-performance-request';
import { SYSTEM_CALL } from '../shared/activity-options';
import { markProgress } from '../shared/search-attributes';
import {
  serviceQuality,
  serviceQualityStart,
  serviceQualityWorkflowId,
  type ServiceQualityResult,
} from '../smo/service-quality-management';
import { resourceTrouble, resourceTroubleStart } from './resource-trouble-management';
import { resourceOrder, resourceOrderStart } from './resource-provisioning';
import { proceedWithResourceOrderSignal } from '../shared/fulfilment-messages';
import { FulfilmentTimings } from '../../src/domain/fulfilment/timings';
import { ResourcePerformanceRequest as ResourcePerformanceRequestContract } from '../../src/domain/assurance/resource-performance-request';
import { validInput } from '../shared/valid-input';

/**
 * Resource Performance Management (1.A.3.4), one period of one region (or set of elements):
 * monitor against thresholds (1.A.3.4.1) — each crossing opens a resource trouble, a child
 * left to run on its own (Resource Trouble Management owns it); analyse trends (1.A.3.4.2) to
 * catch a degradation before it crosses; control the traffic of what degrades (1.A.3.4.3), and
 * ask Resource Provisioning for capacity where no mate can take the load (1.F.3.2.2);
 * report the period (1.A.3.4.4) and hand the summary to SM&O Service Quality Management.
 * Run periodically, it waits for the next period to end and continues as new: one period's
 * history per run.
 */

const rmo = proxyActivities<RmoActivities>(SYSTEM_CALL);
const LAYER = 'RM&O';

/** From this patch on, a load no mate can take gets capacity from Resource Provisioning (1.F.3.2.2). */
export const CAPACITY_VIA_PROVISIONING = 'performance-capacity-via-provisioning';

const alreadyStarted = (err: unknown) => err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';

type Capacity = NonNullable<Awaited<ReturnType<RmoActivities['controlResourcePerformance']>>['capacity']>[number];

/**
 * 1.A.3.4.3 → RM&O 1.F.3.2 Resource Provisioning: one more element for a service whose element
 * no mate can relieve — reserved (1.F.3.2.1), configured and activated for the service
 * (1.F.3.2.2). The work is ours to schedule, so the go-ahead follows at once; the order outlives
 * the period's run (abandoned), as a trouble does. Its id names element, period and service.
 */
async function orderCapacity(c: Capacity, timings: ResourcePerformanceRequestInput['timings']): Promise<string> {
  try {
    const child = await startChild(
      resourceOrder,
      resourceOrderStart(
        c.resourceOrderId,
        {
          resourceOrderId: c.resourceOrderId,
          // The request that asked for it: the performance run, as a service order would be for a new service.
          serviceOrderId: workflowInfo().workflowId,
          serviceId: c.serviceId,
          customerId: c.customerId,
          region: c.region,
          action: 'add',
          needs: c.needs,
          timings: FulfilmentTimings.parse({ reservationHold: timings?.restorationTarget }),
        },
        { parentClosePolicy: ParentClosePolicy.ABANDON },
      ),
    );
    await child.signal(proceedWithResourceOrderSignal, { deliveredResourceIds: [] });
  } catch (err) {
    // Ordered already for this element, period and service: the same order.
    if (!alreadyStarted(err)) throw err;
  }
  return c.resourceOrderId;
}

export interface ResourcePerformanceResult {
  periodStart: string;
  periodEnd: string;
  reportId: string;
  monitored: number;
  troubleIds: string[];
  warnings: number;
  controls: number;
  /** Resource orders asked of Resource Provisioning for capacity (1.A.3.4.3 → 1.F.3.2.2). */
  capacityOrders?: string[];
  serviceQuality: ServiceQualityResult;
}

export async function resourcePerformance(input: ResourcePerformanceRequestInput): Promise<ResourcePerformanceResult> {
  validInput(ResourcePerformanceRequestContract, input);
  markProgress({ layer: LAYER, process: '1.A.3.4.1', state: 'monitoring' });
  const monitored = await rmo.monitorResourcePerformance(input);
  const req = monitored.request;
  const scope = { region: req.region, resourceIds: req.resourceIds };
  const period = { periodStart: req.periodStart, periodEnd: req.periodEnd };

  const troubleIds: string[] = [];
  for (const t of monitored.troubles) {
    try {
      await startChild(
        resourceTrouble,
        resourceTroubleStart(
          t.troubleId,
          {
            troubleId: t.troubleId,
            origin: 'performance',
            resourceId: t.resourceId,
            description: t.description,
            timings: req.timings,
          },
          { parentClosePolicy: ParentClosePolicy.ABANDON },
        ),
      );
    } catch (err) {
      // The trouble for this element and period is open already: it is the same report.
      if (!alreadyStarted(err)) throw err;
    }
    troubleIds.push(t.troubleId);
  }

  markProgress({ process: '1.A.3.4.2', state: 'analysing' });
  const analysis = await rmo.analyzeResourcePerformance({
    ...scope,
    ...period,
    trendWindow: req.trendWindow,
    warningHorizonMinutes: req.warningHorizonMinutes,
  });

  markProgress({ process: '1.A.3.4.3', state: 'controlling' });
  const controlled = await rmo.controlResourcePerformance({ ...period, degraded: analysis.degraded });
  const capacityOrders: string[] = [];
  if (patched(CAPACITY_VIA_PROVISIONING))
    for (const c of controlled.capacity ?? []) capacityOrders.push(await orderCapacity(c, req.timings));

  markProgress({ process: '1.A.3.4.4', state: 'reporting' });
  const report = await rmo.reportResourcePerformance({ ...scope, ...period });
  const quality = await executeChild(
    serviceQuality,
    serviceQualityStart(serviceQualityWorkflowId(workflowInfo().workflowId, req.periodStart), {
      ...period,
      performance: report.entries,
    }),
  );

  const result: ResourcePerformanceResult = {
    ...period,
    reportId: report.reportId,
    monitored: monitored.monitored,
    troubleIds,
    warnings: analysis.warnings.length,
    controls: controlled.controls.length,
    capacityOrders,
    serviceQuality: quality,
  };
  if (req.periods !== null && req.periods <= 1) {
    markProgress({ state: 'reported' });
    return result;
  }
  // The next period starts where this one ended; it is monitored once it is over.
  const length = Date.parse(req.periodEnd) - Date.parse(req.periodStart);
  const nextEnd = Date.parse(req.periodEnd) + length;
  markProgress({ state: 'waiting' });
  if (nextEnd > Date.now()) await sleep(nextEnd - Date.now());
  return continueAsNew<typeof resourcePerformance>({
    ...req,
    periodStart: req.periodEnd,
    periodEnd: new Date(nextEnd).toISOString(),
    periods: req.periods === null ? null : req.periods - 1,
  });
}
