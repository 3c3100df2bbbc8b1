import { ParentClosePolicy, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { READINESS_CALL, type ReadinessStep, runReadinessSteps } from '../shared/readiness-run';
import { ReadinessWorkflowInput as ReadinessWorkflowInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';
import { marketingCampaignResponse, marketingCampaignResponseStart } from './marketing-fulfilment-response';

const crm = proxyActivities<CrmActivities>(READINESS_CALL);

/** The campaign Manage Campaign (1.O.1.1.9) planned, as its activity returns it (no import of the process file). */
type PlannedCampaign = NonNullable<Awaited<ReturnType<CrmActivities['manageCampaign']>>['plannedCampaign']>;

/** From this patch on, a campaign planned by the run is started on its schedule. */
export const PLANNED_CAMPAIGN_STARTED = 'planned-campaign-started-on-its-schedule';
/** From this patch on, the run ends with Manage Contact acting on the readiness actions addressed to it. */
export const CONTACT_CAPACITY_ACTS_ON_READINESS = 'contact-capacity-acts-on-readiness-actions';
const DAY = 86_400_000;

/**
 * CRM Support & Readiness (1.O.1.1), one run: each Level-3 process studies its trend on stored
 * history and stores its report; Support Order Handling tops up the number pools before Manage
 * Campaign plans the campaign that could draw on them. Last, Manage Contact (1.FAB.1.2.1) acts on
 * the readiness actions addressed to it (1.O.1.1.1's "add agents / capacity" on a channel): the
 * channel gets an agent more, so fewer of its contacts are queued, and the action records it.
 *
 * A campaign Manage Campaign plans is started on its schedule: a marketingCampaignResponse child
 * (abandoned: it outlives the run) that waits for the start date, runs and closes at its end.
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts).
 */
export async function crmReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  validInput(ReadinessWorkflowInputContract, input);
  let planned: PlannedCampaign | null = null;
  const manageCampaign: ReadinessStep[1] = async (i) => {
    const out = await crm.manageCampaign(i);
    planned = out.plannedCampaign ?? null;
    return out;
  };
  const steps: ReadinessStep[] = [
    ['1.O.1.1.1', crm.supportCustomerInterfaceManagement],
    ['1.O.1.1.2', crm.supportOrderHandling],
    ['1.O.1.1.3', crm.supportProblemHandling],
    ['1.O.1.1.4', crm.supportBillingAndCollections],
    ['1.O.1.1.5', crm.supportRetentionAndLoyalty],
    ['1.O.1.1.6', crm.supportMarketingFulfillment],
    ['1.O.1.1.7', crm.supportSelling],
    ['1.O.1.1.8', crm.supportCustomerQoSSLAManagement],
    ['1.O.1.1.9', manageCampaign],
  ];
  if (patched(CONTACT_CAPACITY_ACTS_ON_READINESS))
    steps.push(['1.FAB.1.2.1', (i) => crm.manageContact({ action: 'actOnReadiness', ...i })]);
  const result = await runReadinessSteps('CRM', steps, input);
  const plan = planned as PlannedCampaign | null;
  if (plan && patched(PLANNED_CAMPAIGN_STARTED)) {
    const startsAt = Date.now() + (input.campaign?.leadTime ?? DAY);
    const endsAt = startsAt + (input.campaign?.duration ?? 30 * DAY);
    await startChild(
      marketingCampaignResponse,
      marketingCampaignResponseStart(
        `${workflowInfo().workflowId}.${plan.planId}`,
        {
          campaign: {
            id: plan.planId,
            name: plan.name,
            offeringId: plan.productOfferingId,
            segment: plan.segment,
            region: plan.region,
            channel: 'email',
            message: `${plan.name}: an offer for ${plan.segment} customers in ${plan.region}.`,
          },
          schedule: {
            planId: plan.planId,
            startsAt: new Date(startsAt).toISOString(),
            endsAt: new Date(endsAt).toISOString(),
          },
        },
        { parentClosePolicy: ParentClosePolicy.ABANDON },
      ),
    );
  }
  return result;
}
