import { beforeEach } from 'vitest';

/**
 * A stand-in for what is made anew before each test (activities on that test's store), so that
 * a support module can hand it out once, at collection, to the test files that share it. Reading
 * it outside a test is a mistake, and says so.
 */
export function madeBeforeEach<T extends object>(make: () => T): T {
  let current: T | undefined;
  beforeEach(() => {
    current = make();
  });
  return new Proxy({} as T, {
    get: (_, name) => {
      if (!current) throw new Error('madeBeforeEach: this exists only inside a test');
      const member = current[name as keyof T];
      // Bound, so that a port made as a class instance keeps its `this`.
      return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(current) : member;
    },
  });
}
