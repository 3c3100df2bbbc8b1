/** Placeholder, to be declared by the work on usage records: RM&O collection (1.AB.3.5) and SM&O rating (1.B.2.5). */
export type UsagePort = Record<never, never>;
