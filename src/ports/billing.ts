/** Placeholder, to be declared by the work on CRM Billing & Collections Management (1.B.1.8). */
export type BillingPort = Record<never, never>;
