/** Placeholder: the workflows of S/P Problem Reporting & Management (1.A.4.3), to come. */
export {};
