/** Placeholder: the workflow of Manage Workforce (1.O.3.1.6), to come. */
export {};
