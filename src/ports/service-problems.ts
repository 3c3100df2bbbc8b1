/** Placeholder, to be declared by the work on SM&O Service Problem Management (1.A.2.3): TMF656 service problems. */
export type ServiceProblemPort = Record<never, never>;
