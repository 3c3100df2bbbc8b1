/** A resource handed over to operations, waiting for (or past) its acceptance test. */
export interface AcceptanceItem {
  resourceId: string;
  resourceType: string;
  reason: 'new' | 'repaired' | 'discovered';
  source: string;
  state: 'pending' | 'accepted' | 'failed';
  resourceState: string;
}

/**
 * New, repaired or discovered resources handed over to operations and tested before they join
 * the available pools (1.O.3.1.1). Every write takes an idempotency key.
 */
export interface ResourceAcceptancePort {
  handOver(key: string, resourceId: string, reason: AcceptanceItem['reason'], source: string): Promise<void>;
  pendingAcceptance(): Promise<AcceptanceItem[]>;
  /** Records an acceptance test; a pass puts the resource in the available pool (and may end a shortfall). */
  recordAcceptance(key: string, resourceId: string, passed: boolean, detail: string): Promise<AcceptanceItem>;
}
