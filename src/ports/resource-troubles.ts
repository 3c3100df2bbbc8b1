import type { ResourceTroubleRequest } from '../domain/assurance/messages';
import type { ResourceTroubleState } from '../domain/assurance/states';

export type Recovery = 'switchedToRedundant' | 'repaired' | 'replaced' | 'none';

/** The resource trouble report (1.A.3.3.4), as the store keeps it. */
export interface ResourceTroubleRecord {
  id: string;
  origin: ResourceTroubleRequest['origin'];
  resourceId: string;
  description: string;
  state: ResourceTroubleState;
  alarmCount: number;
  alarmIds: string[];
  serviceProblemId: string | null;
  workflowId: string | null;
  faultResourceId: string | null;
  diagnosis: string | null;
  recovery: Recovery | null;
  resolution: string | null;
  prevention: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface TroubleEvent {
  process: string;
  fromState: ResourceTroubleState | null;
  toState: ResourceTroubleState;
  detail: string;
  at: string;
}

/** A resource as trouble management reads the inventory: where it sits, what protects it. */
export interface TroubledResource {
  id: string;
  resourceType: string;
  region: string;
  parentId: string | null;
  /** Its protecting mate, whichever of the pair the inventory recorded the link on. */
  mateId: string | null;
  state: string;
  serviceId: string | null;
}

export interface AffectedService {
  serviceId: string;
  customerId: string;
  /** The resource (the troubled one or below it) the service runs on. */
  resourceId: string;
}

export interface ReportedService {
  serviceId: string;
  customerId: string;
  serviceProblemId: string | null;
  serviceProblemWorkflowId: string | null;
  lastReportedState: string | null;
}

/** Resource trouble reports (1.A.3.3.4), their history, and what recovery did to the inventory. */
export interface ResourceTroublePort {
  /** Creates the report (acknowledged); a second call with the same id returns it unchanged. */
  create(
    idempotencyKey: string,
    trouble: Pick<
      ResourceTroubleRecord,
      'id' | 'origin' | 'resourceId' | 'description' | 'alarmCount' | 'alarmIds' | 'serviceProblemId' | 'workflowId'
    >,
  ): Promise<ResourceTroubleRecord>;
  get(id: string): Promise<ResourceTroubleRecord | undefined>;
  /** Adds or amends the report's information; recorded in its history under `process`. */
  amend(
    idempotencyKey: string,
    id: string,
    patch: Partial<
      Pick<ResourceTroubleRecord, 'faultResourceId' | 'diagnosis' | 'recovery' | 'resolution' | 'prevention'>
    >,
    process: string,
    detail: string,
  ): Promise<ResourceTroubleRecord>;
  /** Moves the report; refuses (InvalidStateTransition) what RESOURCE_TROUBLE_TRANSITIONS does not allow. */
  setState(
    idempotencyKey: string,
    id: string,
    to: ResourceTroubleState,
    process: string,
    detail: string,
  ): Promise<ResourceTroubleRecord>;
  events(id: string): Promise<TroubleEvent[]>;

  resource(id: string): Promise<TroubledResource | undefined>;
  /** Each resource's containers, nearest first (a port → its card → its node). */
  ancestors(ids: readonly string[]): Promise<Record<string, string[]>>;
  /** Everything contained in the resource (cards of a node, ports of a card…), top-down. */
  descendants(id: string): Promise<TroubledResource[]>;
  /** Active services running on the resource or anything it contains. */
  activeServicesOn(resourceId: string): Promise<AffectedService[]>;
  recordReportedServices(idempotencyKey: string, troubleId: string, services: ReportedService[]): Promise<void>;
  reportedServices(troubleId: string): Promise<ReportedService[]>;
  /**
   * Records a protection switch: the failed unit goes out of service (its mate carries the
   * traffic) and what was restored on the way.
   */
  recordProtectionSwitch(
    idempotencyKey: string,
    troubleId: string,
    workingId: string,
    protectingId: string,
    restored: string[],
  ): Promise<void>;
  /** Flags a unit for replacement at the next planned intervention (1.A.3.3.6 prevention). */
  flagForReplacement(idempotencyKey: string, resourceId: string, reason: string): Promise<void>;
}
