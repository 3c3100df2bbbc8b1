import { z } from 'zod';

/**
 * The state models assurance enforces, from the TM Forum Open APIs in ../shared/tmf. Each
 * adapter refuses a move the table does not allow (BusinessErrorType.InvalidStateTransition).
 */

/**
 * TMF621 TroubleTicketStatusType and TMF656 ServiceProblemStateType name the same eight states,
 * and both move through them the same way: one life cycle, two APIs.
 */
const PROBLEM_STATES = [
  'acknowledged',
  'rejected',
  'pending',
  'held',
  'inProgress',
  'resolved',
  'closed',
  'cancelled',
] as const;
type ProblemState = (typeof PROBLEM_STATES)[number];
const PROBLEM_TRANSITIONS: Record<ProblemState, readonly ProblemState[]> = {
  acknowledged: ['inProgress', 'rejected', 'pending', 'held', 'cancelled'],
  pending: ['inProgress', 'held', 'cancelled'],
  held: ['inProgress', 'pending', 'cancelled'],
  inProgress: ['pending', 'held', 'resolved', 'cancelled'],
  // A resolved ticket or problem is closed once agreed, or reopened when the fix does not hold.
  resolved: ['closed', 'inProgress'],
  rejected: [],
  closed: [],
  cancelled: [],
};

/** TMF621: the customer's trouble ticket (CRM Problem Handling). */
export const TroubleTicketState = z.enum(PROBLEM_STATES);
export type TroubleTicketState = z.infer<typeof TroubleTicketState>;
export const TROUBLE_TICKET_TRANSITIONS: Record<TroubleTicketState, readonly TroubleTicketState[]> =
  PROBLEM_TRANSITIONS;

/** TMF656: the SM&O service problem. */
export const ServiceProblemState = z.enum(PROBLEM_STATES);
export type ServiceProblemState = z.infer<typeof ServiceProblemState>;
export const SERVICE_PROBLEM_TRANSITIONS: Record<ServiceProblemState, readonly ServiceProblemState[]> =
  PROBLEM_TRANSITIONS;

/** TMF642 Alarm: its life-cycle state, acknowledgement state and X.733 perceived severity. */
export const AlarmState = z.enum(['raised', 'updated', 'cleared']);
export type AlarmState = z.infer<typeof AlarmState>;
export const AlarmAckState = z.enum(['acknowledged', 'unacknowledged']);
export type AlarmAckState = z.infer<typeof AlarmAckState>;
export const PerceivedSeverity = z.enum(['critical', 'major', 'minor', 'warning', 'indeterminate', 'cleared']);
export type PerceivedSeverity = z.infer<typeof PerceivedSeverity>;
/** X.733 8.1.1 alarm types, as TMF642 names them. */
export const AlarmType = z.enum([
  'communicationsAlarm',
  'processingErrorAlarm',
  'environmentalAlarm',
  'qualityOfServiceAlarm',
  'equipmentAlarm',
  'integrityViolation',
  'operationalViolation',
  'physicalViolation',
  'securityService',
  'mechanismViolation',
  'timeDomainViolation',
]);
export type AlarmType = z.infer<typeof AlarmType>;

/**
 * The resource trouble report of RM&O Resource Trouble Management (1.A.3.3.4 creates, updates
 * and cancels it): the text's life cycle, named with TMF621's words where they fit.
 */
export const ResourceTroubleState = z.enum([
  'acknowledged',
  'localized',
  'recovering',
  'resolved',
  'closed',
  'cancelled',
]);
export type ResourceTroubleState = z.infer<typeof ResourceTroubleState>;

export const RESOURCE_TROUBLE_TRANSITIONS: Record<ResourceTroubleState, readonly ResourceTroubleState[]> = {
  acknowledged: ['localized', 'recovering', 'resolved', 'cancelled'],
  localized: ['recovering', 'resolved', 'cancelled'],
  recovering: ['resolved', 'localized'],
  resolved: ['closed'],
  closed: [],
  cancelled: [],
};

/** The S/PRM record of a problem reported to a supplier (1.A.4.3). */
export const PartnerProblemState = z.enum([
  'reported',
  'acknowledged',
  'inProgress',
  'resolved',
  'closed',
  'escalated',
  'cancelled',
]);
export type PartnerProblemState = z.infer<typeof PartnerProblemState>;

export function canMove<S extends string>(table: Record<S, readonly S[]>, from: S, to: S): boolean {
  return table[from].includes(to);
}
