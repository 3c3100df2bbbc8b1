/** Placeholder: the workflows of S/P Performance Management (1.A.4.4), to come. */
export {};
