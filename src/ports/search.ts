/** How a list read from the store is bounded by a date: `field op value`, as TMF630 filters compare. */
export interface DateBound<F extends string> {
  field: F;
  op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte';
  /** An ISO 8601 instant. */
  value: string;
}

/** One page of a list: which rows (newest first), and how many match in all. */
export interface Page<T> {
  total: number;
  orders: T[];
}
