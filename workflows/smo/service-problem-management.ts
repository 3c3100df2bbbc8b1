/** Placeholder: the workflows of Service Problem Management (1.A.2.3), to come. */
export {};
