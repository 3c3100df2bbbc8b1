/** A resource class short of capacity in a region, until what was installed for it is accepted. */
export interface Shortfall {
  id: string;
  resourceSpecId: string;
  region: string;
  available: number;
  total: number;
  state: 'short' | 'capacityOrdered' | 'resolved';
  addedResourceIds: string[];
}

/**
 * Resource classes found short of capacity (1.O.3.1.5) and the capacity delivered for them.
 * Every write takes an idempotency key.
 */
export interface CapacityShortfallPort {
  openShortfall(
    key: string,
    s: { resourceSpecId: string; region: string; available: number; total: number },
  ): Promise<Shortfall>;
  shortfalls(state?: Shortfall['state']): Promise<Shortfall[]>;
  /**
   * Resource capability delivery installs the capacity a shortfall asks for (in the embedded
   * default, a simulated installation): new resources, out of service, handed over for acceptance.
   */
  deliverCapacity(key: string, shortfallId: string): Promise<Shortfall>;
}
