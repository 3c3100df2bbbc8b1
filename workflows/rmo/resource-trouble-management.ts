/** Placeholder: the workflows of Resource Trouble Management (1.A.3.3), to come. */
export {};
