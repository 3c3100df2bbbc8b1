/** The identifiers of one pool (a resource class in a region): how many, how many free. */
export interface PoolFigures {
  resourceSpecId: string;
  region: string;
  total: number;
  free: number;
}

export interface NumberBlock {
  id: string;
  resourceSpecId: string;
  region: string;
  firstValue: string;
  lastValue: string;
  size: number;
}

/**
 * The identifier pools orders allocate from (telephone numbers, address ranges), and the blocks
 * added to them when they run low (1.O.1.1.2, 1.O.2.1.2). Every write takes an idempotency key.
 */
export interface NumberBlockPort {
  pools(resourceSpecId: string): Promise<PoolFigures[]>;
  /** Adds `size` new identifiers (telephone numbers, address ranges) to a region's pool. */
  addBlock(key: string, resourceSpecId: string, region: string, size: number, reason: string): Promise<NumberBlock>;
}
