/** Placeholder: the workflows of Resource Data Collection & Processing (1.AB.3.5), to come. */
export {};
