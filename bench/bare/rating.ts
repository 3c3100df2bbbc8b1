/** Placeholder: the bare baseline of the rating benchmark, to come. */
export {};
