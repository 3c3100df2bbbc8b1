/** Placeholder: the workflow of RM&O Support & Readiness (1.O.3.1, except 1.O.3.1.6), to come. */
export {};
