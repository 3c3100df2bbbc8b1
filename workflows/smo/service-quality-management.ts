/** Placeholder: the workflows of Service Quality Management (1.A.2.4), to come. */
export {};
