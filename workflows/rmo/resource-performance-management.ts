/** Placeholder: the workflows of Resource Performance Management (1.A.3.4), to come. */
export {};
