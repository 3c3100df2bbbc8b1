/** Placeholder: the workflows of Selling (1.F.1.4), to come. */
export {};
