import type { RatedPart, Tariff } from '../domain/billing/rating';
import type { RejectReason, UsageRecordState, UsageType } from '../domain/billing/usage';
import type { NewEvent } from './event-subscriptions';
import type { DateBound } from './search';

export type { Tariff };

export interface UsageCollection {
  collectionId: string;
  periodStart: string;
  periodEnd: string;
  collected: number;
}

export interface UsageAudit {
  auditId: string;
  collectionId: string;
  produced: number;
  collected: number;
  missing: number;
  duplicates: number;
  /** Of `missing`: numbers lost between an element's last collected record and its first in this collection. */
  lostBeforeFirst: number;
  /** Elements that produced records since their last collected one and sent none to this collection. */
  silentElements: number;
  /** Of `duplicates`: records of this collection already collected in another one. */
  duplicatesAcrossCollections: number;
  /** Failed (a record lost or duplicated): distribution is held until the audit is settled. */
  status: 'passed' | 'failed' | 'settled';
  settlement: string | null;
  findings: Array<{
    elementId: string;
    missingSeqs: number[];
    duplicateCorrelationIds: string[];
    /** No record from this element in the collection, though it numbered some. */
    silent?: boolean;
  }>;
}

export interface MediationResult {
  guided: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Guided records by service and usage type (the aggregation of 1.B.2.5.1). */
  aggregates: Array<{ serviceId: string; usageType: UsageType; records: number; quantity: number }>;
}

export interface UsageRecord {
  id: number;
  collectionId: string;
  elementId: string;
  state: UsageRecordState;
  usageType: UsageType | null;
  correlationId: string | null;
  startedAt: string | null;
  quantity: number | null;
  party: string | null;
  serviceId: string | null;
  customerId: string | null;
  productOfferingId: string | null;
  rejectReason: RejectReason | null;
  tariffId: string | null;
  cycleId: string | null;
  units: number | null;
  allowanceUnits: number | null;
  chargeMinor: number | null;
  /** How the charge was made: units per tier at a price (1.B.2.5.2). */
  parts: RatedPart[] | null;
  billId: string | null;
}

export interface UsageReport {
  reportId: string;
  scope: string;
  byCustomer: Array<{
    customerId: string;
    usageType: UsageType;
    records: number;
    quantity: number;
    chargeMinor: number;
  }>;
  anomalies: Array<{
    kind: 'longCall' | 'nightVolume' | 'usageSpike' | 'duplicateCharge';
    serviceId: string;
    detail: string;
  }>;
}

/**
 * Usage records from the network to the bill: RM&O collects, processes, distributes and
 * audits them (1.AB.3.5); SM&O mediates, rates and analyses them (1.B.2.5). Every write takes
 * an idempotency key; records stay in the store and are referred to by collection id.
 */
/**
 * Told after each chunk of a bulk pass how many records it has done so far. The adapter
 * also lets the event loop run between chunks, so the worker that hosts it keeps answering
 * (workflow tasks, heartbeats) during a pass over millions of records.
 */
export type BulkProgress = (done: number) => void;

/**
 * A usage record an external system posted (TMF635), as it waits for collection: the product
 * and the element that meters its service, and what was posted, shown back as is.
 */
export interface UsageSubmission {
  id: string;
  usageType: UsageType;
  usageDate: string;
  /** Seconds (voice) or megabytes (data), as the network's records count them. */
  quantity: number;
  /** The called number (voice) or the access point (data). */
  party: string;
  customerId: string;
  productId: string;
  serviceId: string;
  elementId: string;
  description: string | null;
  characteristics: Array<{ name: string; value: unknown; valueType?: string }>;
  receivedAt: string;
}

/** A posted record with where it stands: its collected record once collection took it, and the tariff it was guided to. */
export interface SubmittedUsage extends UsageSubmission {
  /** `received` until mediation guides or rejects it. */
  state: UsageRecordState;
  record: (UsageRecord & { updatedAt: string }) | null;
  tariff: Tariff | null;
}

/** Which posted records to list (every given criterion holds; the values of one are alternatives), newest first. */
export interface UsageSubmissionSearch {
  ids?: string[];
  states?: UsageRecordState[];
  usageTypes?: string[];
  customerIds?: string[];
  dates?: DateBound<'usageDate'>[];
  offset: number;
  limit: number;
}

/** TMF635's usage events the store publishes: a record received, and its status once rated or rejected. */
export type UsageEventType = 'UsageCreateEvent' | 'UsageStateChangeEvent';

/**
 * The event a change of a posted usage record publishes, stored with the change. Given by the
 * caller (`usageEvent` of src/events), so the store does not know the API's representation.
 */
export type UsageEvents = (eventType: UsageEventType, usage: SubmittedUsage) => NewEvent;

export interface UsagePort {
  /** The end of the last collection (where the next one starts), if any. */
  lastCollectionEnd(): Promise<string | null>;
  /** Polls the network elements for the records of the period and stores them `received`. */
  collect(key: string, c: { collectionId: string; periodStart: string; periodEnd: string }): Promise<UsageCollection>;
  /** Formats the raw records and enriches them with the service, customer and offering they belong to. */
  process(
    key: string,
    collectionId: string,
    progress?: BulkProgress,
  ): Promise<{ processed: number; formatErrors: number; unmapped: number }>;
  /**
   * Hands the processed records of a collection to a consumer process; returns the reference.
   * Refused (InvalidStateTransition) while the collection's last audit failed and is not settled.
   */
  distribute(key: string, collectionId: string, consumer: string): Promise<{ distributionId: string; records: number }>;
  /** Gaps and duplicates between what the elements produced and what was collected. */
  audit(key: string, collectionId: string): Promise<UsageAudit>;
  /**
   * Settles a failed audit: what the elements still hold of the missing numbers is collected,
   * the duplicates are left for mediation to reject, what stays lost is written off; the audit
   * is then settled and distribution may go on.
   */
  settleAudit(key: string, auditId: string): Promise<UsageAudit>;
  /** Validates, normalises, correlates and guides the received and recycled records; with `publish`, a posted record refused stores its event. */
  mediate(
    key: string,
    collectionId: string | null,
    progress?: BulkProgress,
    publish?: UsageEvents,
  ): Promise<MediationResult>;
  /** Sends rejected records whose reference data may now be right back to mediation. */
  recycle(key: string, reasons: RejectReason[]): Promise<{ recycled: number }>;
  /** Rates the guided records (of one collection, or all) against the cycle's counters; with `publish`, a posted record rated stores its event. */
  rate(
    key: string,
    c: { collectionId: string | null; cycleId: string },
    progress?: BulkProgress,
    publish?: UsageEvents,
  ): Promise<{ rated: number; chargeMinor: number }>;
  analyze(key: string, scope: { collectionId?: string; customerId?: string }): Promise<UsageReport>;
  tariffs(): Promise<Tariff[]>;
  tariffFor(productOfferingId: string, usageType: UsageType): Promise<Tariff | undefined>;
  upsertTariff(key: string, t: Tariff): Promise<Tariff>;
  removeTariff(key: string, tariffId: string): Promise<void>;
  records(filter: {
    collectionId?: string;
    customerId?: string;
    state?: UsageRecordState;
    billId?: string;
  }): Promise<UsageRecord[]>;
  record(id: number): Promise<UsageRecord | undefined>;
  countByState(collectionId?: string): Promise<Partial<Record<UsageRecordState, number>>>;
  /** The element that meters the product's service (the given one, else its first), if it has one. */
  meterOf(productId: string, serviceId?: string): Promise<{ serviceId: string; elementId: string } | undefined>;
  /**
   * Stores a posted record where the network's records wait for collection, with its TMF635
   * UsageCreateEvent (by `publish`), in one transaction (mediation and rating publish its state changes); a
   * record already posted under this id is the one record (`created` false, nothing written).
   */
  receive(
    s: Omit<UsageSubmission, 'receivedAt'>,
    at: string,
    publish?: UsageEvents,
  ): Promise<{ usage: SubmittedUsage; created: boolean }>;
  submitted(id: string): Promise<SubmittedUsage | undefined>;
  searchSubmitted(q: UsageSubmissionSearch): Promise<{ total: number; usages: SubmittedUsage[] }>;
}
