/** Placeholder, to be declared by the work on RM&O Resource Trouble Management (1.A.3.3): resource trouble reports. */
export type ResourceTroublePort = Record<never, never>;
