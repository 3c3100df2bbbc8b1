/** Placeholder, to be declared by the work on S/P Interface Management (1.FAB.4.6): supplier requests and interactions. */
export type PartnerInteractionPort = Record<never, never>;
