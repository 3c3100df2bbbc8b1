/** Placeholder, to be declared by the work on CRM Customer QoS/SLA Management (1.A.1.7). */
export type CustomerSlaPort = Record<never, never>;
