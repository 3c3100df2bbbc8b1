/** Placeholder: the workflow of SM&O Support & Readiness (1.O.2.1), to come. */
export {};
