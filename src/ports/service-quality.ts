/** Placeholder, to be declared by the work on SM&O Service Quality Management (1.A.2.4). */
export type ServiceQualityPort = Record<never, never>;
