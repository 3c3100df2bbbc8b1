/** Placeholder, to be declared by the work on S/PRM S/P Problem Reporting & Management (1.A.4.3) and S/P Performance Management (1.A.4.4). */
export type PartnerProblemPort = Record<never, never>;
