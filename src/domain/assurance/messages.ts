import { z } from 'zod';
import { LIMITS } from '../limits';
import { PartnerProblemState, ResourceTroubleState, ServiceProblemState } from './states';
import { AssuranceTimings } from './timings';

/**
 * What the assurance layers hand one another: each workflow's input (its id is the entity's
 * id) and the updates that travel back by signal. A layer never reads another's tables: it
 * starts a child workflow with one of these, or signals one of these.
 *
 *   CRM  troubleTicket (1.A.1.6) ──child──▶ SM&O serviceProblem (1.A.2.3) ──child──▶ RM&O resourceTrouble (1.A.3.3)
 *                                ◀─signal serviceProblemUpdate─┘        └──child──▶ S/PRM partnerProblem (1.A.4.3)
 *                                ──signal troubleTicketWithdrawn──▶ (the customer cancelled: update cancelTroubleTicket)
 *   RM&O alarmSurveillance (1.A.3.3.1) ──child──▶ resourceTrouble ──child (abandoned)──▶ serviceProblem per affected service
 *   SM&O serviceProblem (origin resourceTrouble) ──child (abandoned)──▶ CRM troubleTicket (origin network: proactive notice)
 *   SM&O serviceQuality (1.A.2.4) ──child──▶ CRM customerSla (1.A.1.7) ──▶ sla_credits (billing applies them)
 *   SM&O serviceProblem (1.A.2.3.1) ──child (abandoned)──▶ CRM customerSla with `degradation` (1.A.1.7.2, in the period)
 *   RM&O rmoReadiness (1.O.3.1.3) ──child──▶ CRM customerSla with `maintenance` (1.A.1.7.2, before the work)
 */

const Id = z.string().min(1).max(LIMITS.id);
/** Where to send updates: the workflow id of the process waiting on this one. */
const ReplyTo = z.object({ workflowId: Id });

export const Urgency = z.enum(['critical', 'high', 'medium', 'low']);
export type Urgency = z.infer<typeof Urgency>;

/** Input of CRM `troubleTicket` (1.A.1.6 Problem Handling); the workflow id is `ticketId`. */
export const TroubleTicketRequest = z.object({
  ticketId: Id,
  /** `customer`: the customer called; `network`: SM&O found the problem first (proactive notice). */
  origin: z.enum(['customer', 'network']),
  customerId: Id,
  /** The customer's service the trouble is about (a customer may not know it: then its product). */
  serviceId: Id.optional(),
  productId: Id.optional(),
  description: z.string().min(1).max(LIMITS.text),
  urgency: Urgency.default('medium'),
  /** With origin `network`: the service problem that caused it, to follow and to link to. */
  serviceProblem: z.object({ serviceProblemId: Id, workflowId: Id }).optional(),
  timings: AssuranceTimings,
});
export type TroubleTicketRequest = z.output<typeof TroubleTicketRequest>;
export type TroubleTicketRequestInput = z.input<typeof TroubleTicketRequest>;

export const TroubleTicketResult = z.object({
  ticketId: Id,
  state: z.enum(['closed', 'cancelled', 'rejected']),
  /** The ticket this report was linked to, when the problem was already known (no duplicate). */
  linkedTo: Id.nullable(),
  serviceProblemId: Id.nullable(),
  escalated: z.boolean(),
  reopened: z.number().int().nonnegative(),
  resolution: z.string().nullable(),
});
export type TroubleTicketResult = z.infer<typeof TroubleTicketResult>;

/** Input of SM&O `serviceProblem` (1.A.2.3 Service Problem Management); workflow id = `serviceProblemId`. */
export const ServiceProblemRequest = z.object({
  serviceProblemId: Id,
  origin: z.enum(['customer', 'resourceTrouble', 'quality']),
  serviceId: Id,
  customerId: Id,
  description: z.string().min(1).max(LIMITS.text),
  urgency: Urgency.default('medium'),
  /** origin `customer`: the CRM ticket to report to (signals `serviceProblemUpdate`). */
  troubleTicket: z.object({ ticketId: Id }).extend(ReplyTo.shape).optional(),
  /** origin `resourceTrouble`: the RM&O trouble already being worked (it signals `resourceTroubleUpdate`). */
  resourceTrouble: z.object({ troubleId: Id, resourceId: Id }).extend(ReplyTo.shape).optional(),
  timings: AssuranceTimings,
});
export type ServiceProblemRequest = z.output<typeof ServiceProblemRequest>;
export type ServiceProblemRequestInput = z.input<typeof ServiceProblemRequest>;

export const RootCause = z.object({
  kind: z.enum(['resource', 'supplier', 'configuration', 'customerUsage', 'none']),
  resourceId: Id.nullable(),
  /** With kind `supplier`: whose product failed, and the requisition it was bought under. */
  supplierId: Id.nullable(),
  requisitionId: Id.nullable(),
  detail: z.string(),
});
export type RootCause = z.infer<typeof RootCause>;

export const ServiceProblemResult = z.object({
  serviceProblemId: Id,
  state: z.enum(['closed', 'cancelled', 'rejected']),
  rootCause: RootCause.nullable(),
  resolution: z.string().nullable(),
  /** Outage as certified at closure (1.A.2.3.5), for Service Quality and Customer QoS/SLA. */
  outage: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).nullable(),
});
export type ServiceProblemResult = z.infer<typeof ServiceProblemResult>;

/** SM&O → CRM, by signal `serviceProblemUpdate` to the ticket's workflow. */
export const ServiceProblemUpdate = z.object({
  serviceProblemId: Id,
  state: ServiceProblemState,
  /** ISO time SM&O expects the service back (1.A.2.3.1), when known. */
  estimatedRestoration: z.iso.datetime().nullable(),
  process: Id,
  detail: z.string(),
});
export type ServiceProblemUpdate = z.infer<typeof ServiceProblemUpdate>;

/** Input of RM&O `resourceTrouble` (1.A.3.3 Resource Trouble Management); workflow id = `troubleId`. */
export const ResourceTroubleRequest = z.object({
  troubleId: Id,
  origin: z.enum(['alarm', 'serviceProblem', 'performance']),
  /** The root-cause resource (for alarms, what correlation folded the storm into). */
  resourceId: Id,
  /** origin `alarm`: the correlated alarms (ids in the alarm list), a bounded sample and a count. */
  alarmIds: z.array(Id).max(100).default([]),
  alarmCount: z.number().int().nonnegative().default(0),
  /** origin `serviceProblem`: SM&O's request for restoration (replies by `resourceTroubleUpdate`). */
  serviceProblem: z.object({ serviceProblemId: Id }).extend(ReplyTo.shape).optional(),
  description: z.string().min(1).max(LIMITS.text),
  timings: AssuranceTimings,
});
export type ResourceTroubleRequest = z.output<typeof ResourceTroubleRequest>;
export type ResourceTroubleRequestInput = z.input<typeof ResourceTroubleRequest>;

export const ResourceTroubleResult = z.object({
  troubleId: Id,
  state: z.enum(['closed', 'cancelled']),
  resourceId: Id,
  recovery: z.enum(['switchedToRedundant', 'repaired', 'replaced', 'none']),
  /** The service problems reported to SM&O (1.A.3.3.5), one per affected service. */
  serviceProblemIds: z.array(Id),
  resolution: z.string().nullable(),
});
export type ResourceTroubleResult = z.infer<typeof ResourceTroubleResult>;

/** RM&O → SM&O, by signal `resourceTroubleUpdate` (1.A.3.3.5 reports new troubles and state changes). */
export const ResourceTroubleUpdate = z.object({
  troubleId: Id,
  resourceId: Id,
  state: ResourceTroubleState,
  process: Id,
  detail: z.string(),
});
export type ResourceTroubleUpdate = z.infer<typeof ResourceTroubleUpdate>;

/** Input of S/PRM `partnerProblem` (1.A.4.3 S/P Problem Reporting & Management); workflow id = `partnerProblemId`. */
export const PartnerProblemRequest = z.object({
  partnerProblemId: Id,
  serviceProblemId: Id,
  serviceId: Id,
  customerId: Id,
  supplierId: Id,
  /** The requisition the failing product was bought under (1.F.4.2), and the product itself. */
  requisitionId: Id,
  resourceId: Id,
  description: z.string().min(1).max(LIMITS.text),
  replyTo: ReplyTo,
  timings: AssuranceTimings,
});
export type PartnerProblemRequest = z.output<typeof PartnerProblemRequest>;
export type PartnerProblemRequestInput = z.input<typeof PartnerProblemRequest>;

export const PartnerProblemResult = z.object({
  partnerProblemId: Id,
  state: z.enum(['closed', 'cancelled']),
  supplierReference: Id.nullable(),
  escalated: z.boolean(),
  resolution: z.string().nullable(),
});
export type PartnerProblemResult = z.infer<typeof PartnerProblemResult>;

/** S/PRM → SM&O, by signal `partnerProblemUpdate` (1.A.4.3.2 reports the supplier's progress). */
export const PartnerProblemUpdate = z.object({
  partnerProblemId: Id,
  state: PartnerProblemState,
  process: Id,
  detail: z.string(),
});
export type PartnerProblemUpdate = z.infer<typeof PartnerProblemUpdate>;

/** Supplier (partner gateway) → S/PRM, by signal `supplierProblemReport`. */
export const SupplierProblemReport = z.object({
  partnerProblemId: Id,
  supplierReference: Id,
  status: z.enum(['acknowledged', 'inProgress', 'resolved', 'rejected']),
  detail: z.string(),
  at: z.iso.datetime(),
  /** The supplier's own event id, when the report came from its hub: what the report is applied once by. */
  eventId: z.string().optional(),
});
export type SupplierProblemReport = z.infer<typeof SupplierProblemReport>;

/** The customer → CRM, by signal `customerFeedback` on a resolved ticket (1.A.1.6.4). */
export const CustomerFeedback = z.object({ satisfied: z.boolean(), comment: z.string().default('') });
export type CustomerFeedback = z.input<typeof CustomerFeedback>;

/**
 * The customer → CRM, by update `cancelTroubleTicket` on a ticket not yet resolved (TMF621
 * `cancelled`): they withdraw their report. CRM → SM&O, by signal `troubleTicketWithdrawn`:
 * the service problem opened for it ends too, unless the network's own fault is being repaired.
 */
export const TroubleTicketCancellation = z.object({ reason: z.string().trim().min(1).max(500) });
export type TroubleTicketCancellation = z.input<typeof TroubleTicketCancellation>;
export const TroubleTicketWithdrawal = z.object({ ticketId: Id, reason: z.string().min(1).max(LIMITS.text) });
export type TroubleTicketWithdrawal = z.infer<typeof TroubleTicketWithdrawal>;

/** A technician → workforce, by signal `workOrderCompleted` (1.O.3.1.6 tracks the task). */
export const WorkOrderCompletion = z.object({
  workOrderId: Id,
  outcome: z.enum(['fixed', 'notFixed']),
  notes: z.string().max(LIMITS.text).default(''),
});
export type WorkOrderCompletion = z.input<typeof WorkOrderCompletion>;

/**
 * Input of RM&O `workOrder` (1.O.3.1.6 Manage Workforce): a task for a technician, started as a
 * child by whoever needs one (SM&O 1.A.2.3.3, RM&O 1.A.3.3.3). Workflow id = `reference` + '/WO'.
 * The technician reports completion by signal `workOrderCompleted`.
 */
export const WorkOrderRequest = z.object({
  /** The problem or trouble the work is for (a service problem id, a resource trouble id). */
  reference: Id,
  kind: z.enum(['repair', 'replace', 'onSiteDiagnosis', 'install']),
  skill: Id,
  region: Id,
  description: z.string().min(1).max(LIMITS.text),
  timings: AssuranceTimings,
});
export type WorkOrderRequest = z.output<typeof WorkOrderRequest>;
export type WorkOrderRequestInput = z.input<typeof WorkOrderRequest>;

export const WorkOrderResult = z.object({
  workOrderId: Id,
  technicianId: Id.nullable(),
  outcome: z.enum(['fixed', 'notFixed', 'cancelled']),
  /** True when the repair target passed and the task was escalated (re-dispatched or flagged). */
  escalated: z.boolean(),
  notes: z.string(),
});
export type WorkOrderResult = z.infer<typeof WorkOrderResult>;

/** One resource's performance over a period, as RM&O reports it (1.A.3.4.4) to SM&O. */
export const ResourcePerformanceEntry = z.object({
  resourceId: Id,
  region: Id,
  /** Share of the period the resource met its thresholds, in basis points (10000 = 100 %). */
  availabilityBp: z.number().int().min(0).max(10000),
  thresholdCrossings: z.number().int().nonnegative(),
  /** Trend analysis (1.A.3.4.2) expects a crossing soon. */
  degrading: z.boolean(),
});

/**
 * Input of SM&O `serviceQuality` (1.A.2.4 Service Quality Management) for one period, started
 * by RM&O `resourcePerformance` after its report (1.A.3.4.4): a bounded summary, not samples.
 */
export const ServiceQualityRequest = z.object({
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
  performance: z.array(ResourcePerformanceEntry).max(500).default([]),
});
export type ServiceQualityRequest = z.output<typeof ServiceQualityRequest>;
export type ServiceQualityRequestInput = z.input<typeof ServiceQualityRequest>;

/** A service's key quality indicators over a period (1.A.2.4.2), as CRM receives them. */
export const ServiceKqi = z.object({
  serviceId: Id,
  customerId: Id,
  /** Basis points of the period the service was up (10000 = 100 %). */
  availabilityBp: z.number().int().min(0).max(10000),
  outageMinutes: z.number().int().nonnegative(),
  incidents: z.number().int().nonnegative(),
  /** Mean time between failures and to restore, in minutes; null without incidents. */
  mtbfMinutes: z.number().int().nonnegative().nullable(),
  mttrMinutes: z.number().int().nonnegative().nullable(),
});
export type ServiceKqi = z.infer<typeof ServiceKqi>;

/**
 * SM&O → CRM as it happens (1.A.2.3.1 → 1.A.1.7.2): a service problem's impact on one of the
 * customer's services, and when SM&O expects the service back.
 */
export const QosDegradation = z.object({
  serviceId: Id,
  serviceProblemId: Id,
  startedAt: z.iso.datetime(),
  estimatedRestoration: z.iso.datetime(),
  detail: z.string().max(LIMITS.text),
});
export type QosDegradation = z.infer<typeof QosDegradation>;

/**
 * Maintenance RM&O plans on an element (1.O.3.1.3), announced to a customer whose services run
 * on it (1.A.1.7.2: "informé de toute activité planifiée de maintenance"). One per job.
 */
export const PlannedMaintenance = z.object({
  jobId: Id,
  resourceId: Id,
  serviceIds: z.array(Id).min(1).max(500),
  plannedFor: z.iso.datetime(),
  reason: z.string().max(LIMITS.text),
});
export type PlannedMaintenance = z.infer<typeof PlannedMaintenance>;

/**
 * Input of CRM `customerSla` (1.A.1.7 Customer QoS/SLA Management): one customer, one period.
 * With `degradation`, the period is the one in progress and the run handles that one impact
 * (1.A.1.7.2) before the period ends; without it, the period is over and its KQIs are assessed.
 */
export const CustomerSlaRequest = z.object({
  customerId: Id,
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
  kqis: z.array(ServiceKqi).max(500),
  degradation: QosDegradation.optional(),
  /** Started by RM&O readiness for a maintenance it plans: the customer is told beforehand. */
  maintenance: PlannedMaintenance.optional(),
});
export type CustomerSlaRequest = z.output<typeof CustomerSlaRequest>;
export type CustomerSlaRequestInput = z.input<typeof CustomerSlaRequest>;
