/** Placeholder, to be declared by the work on Operations Support & Readiness (1.O.*.1): trend reports, objectives, readiness actions, number blocks, discovery and reconciliation. */
export type ReadinessPort = Record<never, never>;
