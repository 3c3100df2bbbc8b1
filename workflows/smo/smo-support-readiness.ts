import { ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import type { SmoActivities } from '../../activities/smo';
import type { ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { READINESS_CALL, type ReadinessStep, runReadinessSteps } from '../shared/readiness-run';
import { ReadinessWorkflowInput as ReadinessWorkflowInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';
import { serviceProblem, serviceProblemStart } from './service-problem-management';

const smo = proxyActivities<SmoActivities>(READINESS_CALL);

/**
 * SM&O Support & Readiness (1.O.2.1), one run: the service inventory reconciled with the network
 * first, then service capacity, problem and quality trends, and rating reference data. A service
 * the network does not carry then has a service problem opened for it, and the usage records
 * rejected for a tariff that rating reference data now holds are mediated again.
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts).
 */
export async function smoReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  validInput(ReadinessWorkflowInputContract, input);
  const notRunning: InventoryProblem[] = [];
  const rating = { recyclable: 0 };
  const steps: ReadinessStep[] = [
    [
      '1.O.2.1.1',
      async (i) => {
        const out = await smo.manageServiceInventory(i);
        notRunning.push(...((out.details['problems'] as InventoryProblem[] | undefined) ?? []));
        return out;
      },
    ],
    ['1.O.2.1.2', smo.enableServiceConfigurationAndActivation],
    ['1.O.2.1.3', smo.supportServiceProblemManagement],
    ['1.O.2.1.4', smo.enableServiceQualityManagement],
    [
      '1.O.2.1.5',
      async (i) => {
        const out = await smo.supportServiceAndSpecificInstanceRating(i);
        rating.recyclable = (out.details['recyclable'] as number | undefined) ?? 0;
        return out;
      },
    ],
  ];
  const result = await runReadinessSteps('SM&O', steps, input);
  if (notRunning.length && patched(INVENTORY_OPENS_SERVICE_PROBLEMS)) {
    for (const p of notRunning) await openServiceProblem(result.runId, p);
  }
  // 1.O.2.1.5 → 1.B.2.5.1: records rejected for want of a tariff that now has one are mediated again.
  if (rating.recyclable > 0 && patched(RATING_REFERENCE_RECYCLES_NO_TARIFF)) {
    await smo.mediateUsageRecords({ action: 'recycle', reasons: ['NO_TARIFF'] });
  }
  return result;
}

/** From this patch on, records rejected for a tariff since loaded go back to mediation (1.B.2.5.1). */
export const RATING_REFERENCE_RECYCLES_NO_TARIFF = 'rating-reference-recycles-no-tariff';

type InventoryProblem = { serviceId: string; customerId: string; detail: string };

/** The service problem a reconciliation opens for a service: one open at a time. */
export const inventoryProblemId = (serviceId: string) => `SP-INV-${serviceId}`;

/** From this patch on, a service the network does not carry (1.O.2.1.1) opens a service problem (1.A.2.3). */
export const INVENTORY_OPENS_SERVICE_PROBLEMS = 'inventory-opens-service-problems';

const alreadyStarted = (err: unknown) => err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';

/**
 * 1.O.2.1.1 → 1.A.2.3: a discrepancy the inventory cannot settle (the service is recorded
 * active and nothing carries it) is a service problem; it runs on its own (abandoned), and a
 * problem already open for the service is left to go on.
 */
async function openServiceProblem(runId: string, p: InventoryProblem): Promise<void> {
  const id = inventoryProblemId(p.serviceId);
  try {
    await startChild(
      serviceProblem,
      serviceProblemStart(
        id,
        {
          serviceProblemId: id,
          origin: 'quality',
          serviceId: p.serviceId,
          customerId: p.customerId,
          description: `service inventory reconciliation ${runId}: ${p.detail}`,
          urgency: 'high',
          timings: {},
        },
        { parentClosePolicy: ParentClosePolicy.ABANDON },
      ),
    );
  } catch (err) {
    if (!alreadyStarted(err)) throw err;
  }
}
