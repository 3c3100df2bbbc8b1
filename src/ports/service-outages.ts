/** A period a service was down, as Service Problem Management certified it at closure (1.A.2.3.5). */
export interface ServiceOutage {
  id: string;
  serviceId: string;
  customerId: string;
  serviceProblemId: string | null;
  cause: string;
  startedAt: string;
  restoredAt: string;
}

/**
 * SM&O's record of service outages: written when a service problem closes (1.A.2.3.5), read
 * by Service Quality Management (1.A.2.4) to compute availability, MTBF and MTTR.
 */
export interface ServiceOutagePort {
  record(idempotencyKey: string, outage: Omit<ServiceOutage, 'id'>): Promise<ServiceOutage>;
  /** Outages overlapping [from, to), oldest first; all services when `serviceId` is omitted. */
  overlapping(from: string, to: string, serviceId?: string): Promise<ServiceOutage[]>;
}
