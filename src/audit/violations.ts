/** One inconsistency the audit found: which invariant, on what, and what it saw. */
export interface Violation {
  /** The invariant broken, a stable name (`reservation-leaked`, `duplicate-bill-line`, `bill-unbalanced`…). */
  check: string;
  /** The business id it is about (a resource, a bill, a workflow id). */
  subject: string;
  detail: string;
}

/** One line per violation, for an operator's terminal. */
export const formatViolation = (v: Violation): string => `${v.check}: ${v.subject} — ${v.detail}`;
