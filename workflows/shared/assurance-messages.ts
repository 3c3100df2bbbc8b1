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
