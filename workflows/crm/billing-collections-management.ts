/** Placeholder: the workflows of Billing & Collections Management (1.B.1.8), to come. */
export {};
