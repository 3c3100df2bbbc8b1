import type { DiscoveredElement } from '../simulators/discovery';

export interface InventoryElement {
  resourceId: string;
  resourceType: string;
  region: string;
  state: string;
  serviceId: string | null;
  configuredFor: string | null;
}

export interface ActiveService {
  serviceId: string;
  cfsSpecId: string;
  customerId: string;
  /** Network elements the inventory associates with the service (identifiers are not elements). */
  elementIds: string[];
}

/**
 * The inventories held against what the network reports (1.O.2.1.1, 1.O.3.1.5): discovery,
 * the elements and active services the inventory records, the discrepancies found, and what is
 * done about them. Every write takes an idempotency key.
 */
export interface InventoryReconciliationPort {
  discover(): Promise<DiscoveredElement[]>;
  inventoryElements(): Promise<InventoryElement[]>;
  activeServices(): Promise<ActiveService[]>;
  recordDiscrepancy(
    key: string,
    d: { runId: string; etomId: string; kind: string; subject: string; detail: string; resolution: string },
  ): Promise<string>;
  /** An available element the network no longer reports is taken out of the pools. */
  takeOutOfService(key: string, resourceId: string, reason: string): Promise<boolean>;
  /** Discrepancies of `kind` nobody has settled yet, one per subject (its first finding). */
  unsettledDiscrepancies(
    kind: string,
  ): Promise<Array<{ id: string; subject: string; detail: string; foundAt: string }>>;
  /**
   * The inventory links an element to the service the network shows it carrying, and every open
   * discrepancy of `kind` on `subject` is settled by `settledBy`. False, and nothing settled, when
   * the inventory gives the element to another service.
   */
  linkElementToService(
    key: string,
    d: { resourceId: string; serviceId: string; kind: string; subject: string; settledBy: string },
  ): Promise<boolean>;
  /** Every open discrepancy of `kind` on `subject` is settled by `settledBy`, as `settlement` says. */
  settleDiscrepancies(
    key: string,
    d: { kind: string; subject: string; settledBy: string; settlement: string },
  ): Promise<number>;
  /** An element the network reports and the inventory lacks is recorded, pending acceptance. */
  registerDiscovered(key: string, element: DiscoveredElement): Promise<string>;
}
