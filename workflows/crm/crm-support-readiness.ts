/** Placeholder: the workflow of CRM Support & Readiness (1.O.1.1), to come. */
export {};
