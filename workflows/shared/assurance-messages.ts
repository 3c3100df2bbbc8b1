import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CustomerFeedback,
  PartnerProblemUpdate,
  ResourceTroubleUpdate,
  ServiceProblemUpdate,
  SupplierProblemReport,
  TroubleTicketCancellation,
  TroubleTicketWithdrawal,
  WorkOrderCompletion,
} from '../../src/domain/assurance/messages';
import type {
  PartnerProblemState,
  ResourceTroubleState,
  ServiceProblemState,
  TroubleTicketState,
} from '../../src/domain/assurance/states';
import type { AlarmBatch } from '../../src/assurance/alarm-ingest';
import type { SupplierScorecard } from '../../src/domain/assurance/supplier-performance';
import type { AlarmSurveillanceView } from '../rmo/resource-trouble-management';

/**
 * The messages that cross layers during assurance (see src/domain/assurance/messages.ts for
 * the map). Payload shapes are the zod schemas there; the receiving activity parses them.
 */

/** SM&O → CRM: the service problem behind a ticket moved on (1.A.1.6.3 tracks the ticket from these). */
export const serviceProblemUpdateSignal = defineSignal<[ServiceProblemUpdate]>('serviceProblemUpdate');

/** RM&O → SM&O: a resource trouble moved on (1.A.3.3.5). */
export const resourceTroubleUpdateSignal = defineSignal<[ResourceTroubleUpdate]>('resourceTroubleUpdate');

/** S/PRM → SM&O: the supplier's progress on a problem (1.A.4.3.2). */
export const partnerProblemUpdateSignal = defineSignal<[PartnerProblemUpdate]>('partnerProblemUpdate');

/** Supplier (through the partner gateway) → S/PRM: a report on a problem reported to it. */
export const supplierProblemReportSignal = defineSignal<[SupplierProblemReport]>('supplierProblemReport');

/** Customer → CRM: satisfied or not with the resolution of a ticket (1.A.1.6.4). */
export const customerFeedbackSignal = defineSignal<[CustomerFeedback]>('customerFeedback');

/** A technician → the work order's workflow: the task is done (1.O.3.1.6). */
export const workOrderCompletedSignal = defineSignal<[WorkOrderCompletion]>('workOrderCompleted');

export interface AssuranceView<S extends string> {
  id: string;
  state: S;
  /** The eTOM id of the process running now, or last run. */
  currentProcess: string | null;
  detail: string | null;
}

export type TroubleTicketView = AssuranceView<TroubleTicketState> & {
  serviceProblemId: string | null;
  estimatedRestoration: string | null;
  escalated: boolean;
  linkedTo: string | null;
};
export const getTroubleTicketQuery = defineQuery<TroubleTicketView>('getTroubleTicket');

/**
 * Customer → CRM: cancel a ticket not yet resolved (TMF621 `cancelled`). Refused, with the
 * reason, for a notice the operator opened or a ticket already resolved; answers with the ticket.
 */
export const cancelTroubleTicketUpdate = defineUpdate<TroubleTicketView, [TroubleTicketCancellation]>(
  'cancelTroubleTicket',
);

/** CRM → SM&O: the ticket a service problem was opened for is withdrawn by the customer. */
export const troubleTicketWithdrawnSignal = defineSignal<[TroubleTicketWithdrawal]>('troubleTicketWithdrawn');
export const getServiceProblemQuery = defineQuery<
  AssuranceView<ServiceProblemState> & { rootCause: string | null; estimatedRestoration: string | null }
>('getServiceProblem');
export const getResourceTroubleQuery = defineQuery<
  AssuranceView<ResourceTroubleState> & { resourceId: string; serviceProblemIds: string[] }
>('getResourceTrouble');
export const getPartnerProblemQuery = defineQuery<
  AssuranceView<PartnerProblemState> & { supplierReference: string | null }
>('getPartnerProblem');

/** CRM → CRM: a report of the same problem asks the ticket followed to relay SM&O's updates. */
export const linkTroubleTicketSignal = defineSignal<[{ ticketId: string; workflowId: string }]>('linkTroubleTicket');

/** SM&O → SM&O: a problem of the same cause asks the one being worked to tell it the outcome. */
export const followServiceProblemSignal =
  defineSignal<[{ serviceProblemId: string; workflowId: string }]>('followServiceProblem');

/** Alarm ingest → surveillance: a batch is in the alarm list (claim-check: only its id travels). */
export const alarmBatchSignal = defineSignal<[AlarmBatch]>('alarmBatch');

export const getAlarmSurveillanceQuery = defineQuery<AlarmSurveillanceView>('getAlarmSurveillance');
export const getPartnerPerformanceQuery = defineQuery<{
  id: string;
  state: 'measuring' | 'restoring' | 'scoring' | 'scored';
  currentProcess: string | null;
  scorecard: SupplierScorecard | null;
}>('getPartnerPerformance');
