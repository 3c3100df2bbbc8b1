/** Placeholder: the workflows of Retention & Loyalty (1.FAB.1.9), to come. */
export {};
