import type { PartnerProblemState } from '../domain/assurance/states';

/**
 * The moves a partner problem may make (1.A.4.3). A supplier's report never takes a problem
 * back (an acknowledgement after escalation changes nothing); a resolved problem is closed
 * once the fix is confirmed, or opened again with the supplier when it did not hold.
 */
export const PARTNER_PROBLEM_TRANSITIONS: Record<PartnerProblemState, readonly PartnerProblemState[]> = {
  reported: ['acknowledged', 'inProgress', 'resolved', 'escalated', 'cancelled'],
  acknowledged: ['inProgress', 'resolved', 'escalated', 'cancelled'],
  inProgress: ['resolved', 'escalated', 'cancelled'],
  escalated: ['inProgress', 'resolved', 'cancelled'],
  resolved: ['closed', 'inProgress', 'cancelled'],
  closed: [],
  cancelled: [],
};

/** A problem S/PRM reported to a supplier, and where it stands. */
export interface PartnerProblemRecord {
  id: string;
  serviceProblemId: string;
  serviceId: string;
  customerId: string;
  supplierId: string;
  requisitionId: string;
  resourceId: string;
  description: string;
  state: PartnerProblemState;
  supplierReference: string | null;
  escalated: boolean;
  reopened: number;
  resolution: string | null;
  reportedAt: string;
  acknowledgedAt: string | null;
  escalatedAt: string | null;
  /** When the supplier last said it was resolved. */
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface PartnerProblemEvent {
  kind: string;
  detail: string | null;
  at: string;
}

/** A supplier as S/P Performance Management sees it: its rating, its SLA, what it supplied. */
export interface SupplierStanding {
  supplierId: string;
  name: string;
  email: string;
  rating: number;
  /** The availability its contracts commit it to, in basis points (the strictest of them). */
  slaBp: number;
  /** The resources in our network it supplied (in service, reserved or out of service). */
  suppliedResourceIds: string[];
}

/** A supplier's performance over one period: measured (1.A.4.4.1), restoration (1.A.4.4.2), scored (1.A.4.4.3). */
export interface SupplierPerformance {
  supplierId: string;
  periodStart: string;
  periodEnd: string;
  suppliedResources: number;
  problems: number;
  resolved: number;
  escalations: number;
  downtimeMinutes: number;
  meanTimeToAcknowledgeMinutes: number | null;
  meanTimeToResolveMinutes: number | null;
  availabilityBp: number;
  slaBp: number;
  slaMet: boolean;
  restorationReference: string | null;
  restorationDetail: string | null;
  restorationRequestedAt: string | null;
  ratingBefore: number | null;
  ratingAfter: number | null;
  scoredAt: string | null;
}

export type PerformanceMeasurement = Pick<
  SupplierPerformance,
  | 'supplierId'
  | 'periodStart'
  | 'periodEnd'
  | 'suppliedResources'
  | 'problems'
  | 'resolved'
  | 'escalations'
  | 'downtimeMinutes'
  | 'meanTimeToAcknowledgeMinutes'
  | 'meanTimeToResolveMinutes'
  | 'availabilityBp'
  | 'slaBp'
  | 'slaMet'
>;

type Period = { supplierId: string; periodStart: string; periodEnd: string };

/**
 * S/PRM's record of the problems it reported to suppliers, with every event on them, and of
 * each supplier's performance per period (what the supplier's scorecard and rating come from).
 */
export interface PartnerProblemPort {
  /** Records a problem once (reported); a second call returns the first record. */
  record(
    idempotencyKey: string,
    p: Pick<
      PartnerProblemRecord,
      | 'id'
      | 'serviceProblemId'
      | 'serviceId'
      | 'customerId'
      | 'supplierId'
      | 'requisitionId'
      | 'resourceId'
      | 'description'
    >,
  ): Promise<PartnerProblemRecord>;
  get(id: string): Promise<PartnerProblemRecord | undefined>;
  /** Moves a problem; a state the transition table does not allow is refused (InvalidStateTransition). */
  update(
    idempotencyKey: string,
    id: string,
    change: Partial<Pick<PartnerProblemRecord, 'state' | 'supplierReference' | 'resolution'>> & {
      /** Marks the problem escalated (once), at the time of the move. */
      escalate?: boolean;
      /** Counts a reopening with the supplier. */
      reopen?: boolean;
    },
  ): Promise<PartnerProblemRecord>;
  /** Records an event once per key (a report delivered twice is one event). False if already there. */
  addEvent(id: string, e: PartnerProblemEvent & { key: string }): Promise<boolean>;
  /** Takes back the event recorded under `key` (a claim whose work failed), so it may be recorded again. False if none. */
  removeEvent(id: string, key: string): Promise<boolean>;
  events(id: string): Promise<PartnerProblemEvent[]>;
  /** A supplier's problems open at some time in [from, to), oldest first. */
  overlapping(supplierId: string, from: string, to: string): Promise<PartnerProblemRecord[]>;

  supplier(supplierId: string): Promise<SupplierStanding | undefined>;
  /** Records a period's measurement, once per supplier and period (a second returns the first). */
  recordMeasurement(idempotencyKey: string, m: PerformanceMeasurement): Promise<SupplierPerformance>;
  recordRestoration(
    idempotencyKey: string,
    period: Period,
    r: { reference: string; detail: string },
  ): Promise<SupplierPerformance>;
  /** Scores the period and sets the supplier's rating, once per supplier and period. */
  recordScore(idempotencyKey: string, period: Period, ratingAfter: number): Promise<SupplierPerformance>;
  performance(period: Period): Promise<SupplierPerformance | undefined>;
}
