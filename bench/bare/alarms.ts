/** Placeholder: the bare baseline of the alarms benchmark, to come. */
export {};
