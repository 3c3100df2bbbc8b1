/** Placeholder, to be declared by the work on CRM Problem Handling (1.A.1.6): TMF621 trouble tickets. */
export type TroubleTicketPort = Record<never, never>;
