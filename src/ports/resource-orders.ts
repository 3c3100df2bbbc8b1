import type { ResourceNeed, ResourceOrderState } from '../domain/fulfilment/resource-order';

export interface ResourceOrderRecord {
  id: string;
  serviceOrderId: string;
  serviceId: string;
  customerId: string;
  region: string;
  action: 'add' | 'delete';
  state: ResourceOrderState;
  reason: string | null;
  needs: ResourceNeed[];
  holdUntil: string | null;
}

/** Resource orders (TMF652) as RM&O tracks them. */
export interface ResourceOrderPort {
  /** Records the order, acknowledged; the same id again returns the existing record. */
  record(idempotencyKey: string, order: Omit<ResourceOrderRecord, 'state' | 'reason'>): Promise<ResourceOrderRecord>;
  setState(resourceOrderId: string, state: ResourceOrderState, reason: string | null): Promise<ResourceOrderRecord>;
  get(resourceOrderId: string): Promise<ResourceOrderRecord | undefined>;
}
