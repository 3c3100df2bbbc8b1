/** Placeholder: the workflows of S/P Interface Management (1.FAB.4.6), to come. */
export {};
