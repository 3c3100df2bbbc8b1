/** Placeholder, to be declared by the work on RM&O Resource Trouble Management (1.A.3.3): the TMF642 alarm list. */
export type AlarmPort = Record<never, never>;
