/** Placeholder, to be declared by the work on S/PRM S/P Settlements & Billing Management (1.B.4.5). */
export type SettlementPort = Record<never, never>;
