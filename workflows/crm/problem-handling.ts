/** Placeholder: the workflows of Problem Handling (1.A.1.6), to come. */
export {};
