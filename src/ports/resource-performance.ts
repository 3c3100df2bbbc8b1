/** Placeholder, to be declared by the work on RM&O Resource Performance Management (1.A.3.4). */
export type ResourcePerformancePort = Record<never, never>;
