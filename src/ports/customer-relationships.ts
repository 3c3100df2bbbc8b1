/** Placeholder, to be declared by the work on Retention & Loyalty (1.FAB.1.9): relationships, insight, risk, retention offers, satisfaction. */
export type CustomerRelationshipPort = Record<never, never>;
