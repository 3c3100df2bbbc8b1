import { proxyActivities } from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { CustomerSlaRequestInput } from '../../src/domain/assurance/messages';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import { markProgress } from '../shared/search-attributes';
import { CustomerSlaRequest as CustomerSlaRequestContract } from '../../src/domain/assurance/messages';
import { validInput } from '../shared/valid-input';

/**
 * Customer QoS/SLA Management (1.A.1.7) for one customer and one period, started by SM&O
 * Service Quality Management with the customer's KQIs: assess them against the SLA
 * (1.A.1.7.1), handle the violations — credits for billing, notice to the customer — when
 * there are any (1.A.1.7.2), and report to the customer (1.A.1.7.3).
 * Started by SM&O Service Problem Management with a `degradation` (1.A.2.3.1: "les processus de
 * gestion de la qualité de service/accords SLA des clients seront informés"), it handles that
 * impact within the period in progress (1.A.1.7.2): past the soft threshold, the customer is
 * told now and Service Quality Management takes it in for the period.
 * Started by RM&O readiness with a `maintenance` it plans on an element the customer's services
 * run on (1.O.3.1.3), it tells the customer before the work (1.A.1.7.2), once per job.
 */

const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);
const LAYER = 'CRM';

export interface CustomerSlaResult {
  customerId: string;
  assessed: number;
  violated: number;
  credits: Array<{ serviceId: string; creditId: string | null; amountMinor: number }>;
  /** Null for a degradation handled within the period: the period's report comes at its end. */
  reportId: string | null;
  /** The degradation handled, when the run was started for one. */
  degradation?: {
    degradationId: string;
    softThresholdCrossed: boolean;
    notificationId: string | null;
  } | null;
  /** The planned maintenance announced, when the run was started for one. */
  maintenance?: { jobId: string; notificationId: string } | null;
}

/** One customer's SLA check within a service quality run: `<run>/SLA/<customer>`. */
export const customerSlaWorkflowId = (serviceQualityRunId: string, customerId: string) =>
  `${serviceQualityRunId}/SLA/${customerId}`;

/** The in-period run for one service problem's impact on a customer: `<problem>/QOS`. */
export const customerQosDegradationWorkflowId = (serviceProblemId: string) => `${serviceProblemId}/QOS`;

/** The announcement of one maintenance job to one customer: `<job>/MAINT/<customer>`. */
export const customerMaintenanceWorkflowId = (jobId: string, customerId: string) => `${jobId}/MAINT/${customerId}`;

/** Customer QoS/SLA Management runs on the CRM queue. */
export function customerSlaStart(workflowId: string, input: CustomerSlaRequestInput, extras?: ChildExtras) {
  return childStart<typeof customerSla>('crm', workflowId, [input], extras);
}

export async function customerSla(input: CustomerSlaRequestInput): Promise<CustomerSlaResult> {
  validInput(CustomerSlaRequestContract, input);
  const { customerId, periodStart, periodEnd, degradation, maintenance } = input;
  if (maintenance) {
    markProgress({ layer: LAYER, process: '1.A.1.7.2', state: 'maintenancePlanned', customerId });
    const told = await crm.manageQoSSLAViolation({ customerId, periodStart, periodEnd, maintenance });
    markProgress({ state: 'customerTold' });
    return { customerId, assessed: 0, violated: 0, credits: [], reportId: null, maintenance: told.maintenance! };
  }
  if (degradation) {
    markProgress({ layer: LAYER, process: '1.A.1.7.2', state: 'degraded', customerId });
    const handled = await crm.manageQoSSLAViolation({ customerId, periodStart, periodEnd, degradation });
    const d = handled.degradation!;
    markProgress({ state: d.softThresholdCrossed ? 'customerTold' : 'recorded' });
    return {
      customerId,
      assessed: 0,
      violated: 0,
      credits: [],
      reportId: null,
      degradation: {
        degradationId: d.degradationId,
        softThresholdCrossed: d.softThresholdCrossed,
        notificationId: d.notificationId,
      },
    };
  }
  markProgress({ layer: LAYER, process: '1.A.1.7.1', state: 'assessing', customerId });
  const assessed = await crm.assessCustomerQoSPerformance(input);

  let credits: CustomerSlaResult['credits'] = [];
  if (assessed.violated > 0) {
    markProgress({ process: '1.A.1.7.2', state: 'violated' });
    const handled = await crm.manageQoSSLAViolation({ customerId, periodStart, periodEnd });
    credits = handled.violations.map((v) => ({
      serviceId: v.serviceId,
      creditId: v.creditId,
      amountMinor: v.amountMinor,
    }));
  }

  markProgress({ process: '1.A.1.7.3', state: 'reporting' });
  const report = await crm.manageCustomerQoSReporting({ customerId, periodStart, periodEnd });
  markProgress({ state: 'reported' });
  return {
    customerId,
    assessed: assessed.assessments.length,
    violated: assessed.violated,
    credits,
    reportId: report.reportId,
  };
}
