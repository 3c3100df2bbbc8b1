/** What the operator committed to for a customer's service: the SLA and the price it is paid. */
export interface ServiceCommitment {
  serviceId: string;
  customerId: string;
  serviceState: string;
  /** The product the service belongs to (its recurring charge is what a credit is a share of). */
  productId: string | null;
  recurringMinor: number;
  currency: string;
  /** The SLA objectives (services.assurance.sla); null when the service has none. */
  availabilityPct: number | null;
  restoreHours: number | null;
}

export interface SlaBreach {
  kind: 'availability' | 'restoreTime';
  objective: number;
  achieved: number;
}

/** One service's quality for one period against its SLA (1.A.1.7.1). */
export interface SlaAssessment {
  id: string;
  customerId: string;
  serviceId: string;
  productId: string | null;
  periodStart: string;
  periodEnd: string;
  objectiveBp: number;
  availabilityBp: number;
  restoreObjectiveMinutes: number;
  mttrMinutes: number | null;
  outageMinutes: number;
  incidents: number;
  verdict: 'met' | 'violated';
  breaches: SlaBreach[];
  createdAt: string;
}

/** A violation handled (1.A.1.7.2): the credit it gave and the notice the customer got. */
export interface SlaViolation {
  id: string;
  assessmentId: string;
  customerId: string;
  serviceId: string;
  creditId: string | null;
  amountMinor: number;
  currency: string;
  notificationId: string | null;
  createdAt: string;
}

export interface QosReport {
  id: string;
  customerId: string;
  periodStart: string;
  periodEnd: string;
  body: unknown;
  notificationId: string | null;
  createdAt: string;
}

/** A degradation SM&O reported as it happened, as 1.A.1.7.2 handled it. */
export interface QosDegradationRecord {
  id: string;
  serviceProblemId: string;
  customerId: string;
  serviceId: string;
  periodStart: string;
  periodEnd: string;
  startedAt: string;
  estimatedRestoration: string;
  /** How long the service is expected to be degraded, from its start to the estimate. */
  projectedMinutes: number;
  /** The downtime the SLA allows over the period; null without an SLA. */
  allowedMinutes: number | null;
  softThresholdCrossed: boolean;
  notificationId: string | null;
  detail: string;
  createdAt: string;
}

/**
 * CRM's record of customers' QoS against their SLAs (1.A.1.7): one assessment per service and
 * period, one violation per violated assessment, one report per customer and period —
 * recording any of them again returns the first. Every write takes an idempotency key.
 */
export interface CustomerSlaPort {
  commitment(serviceId: string): Promise<ServiceCommitment | undefined>;

  recordAssessment(idempotencyKey: string, a: Omit<SlaAssessment, 'id' | 'createdAt'>): Promise<SlaAssessment>;
  assessments(customerId: string, periodStart: string, periodEnd: string): Promise<SlaAssessment[]>;

  recordViolation(idempotencyKey: string, v: Omit<SlaViolation, 'id' | 'createdAt'>): Promise<SlaViolation>;
  violations(customerId: string, periodStart: string, periodEnd: string): Promise<SlaViolation[]>;

  recordReport(idempotencyKey: string, r: Omit<QosReport, 'id' | 'createdAt' | 'notificationId'>): Promise<QosReport>;
  /** Notes the notice that carried the report to the customer. */
  reportSent(idempotencyKey: string, reportId: string, notificationId: string): Promise<QosReport>;
  getReport(customerId: string, periodStart: string, periodEnd: string): Promise<QosReport | undefined>;

  /** One per service problem: recording it again returns the first. */
  recordDegradation(
    idempotencyKey: string,
    d: Omit<QosDegradationRecord, 'id' | 'createdAt' | 'notificationId'>,
  ): Promise<QosDegradationRecord>;
  /** Notes the notice that told the customer. */
  degradationNotified(idempotencyKey: string, id: string, notificationId: string): Promise<QosDegradationRecord>;
}
