/** Placeholder, to be declared by the work on Manage Logistics (1.O.3.1.7): warehouse stock of CPE and spares, shipments and returns. */
export type LogisticsPort = Record<never, never>;
