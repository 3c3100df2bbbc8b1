/** Placeholder: the workflow of S/PRM Support & Readiness (1.O.4.1), to come. */
export {};
