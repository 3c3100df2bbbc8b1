/** Placeholder: the workflows of Service & Specific Instance Rating (1.B.2.5), to come. */
export {};
