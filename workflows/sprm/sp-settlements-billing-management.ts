/** Placeholder: the workflows of S/P Settlements & Billing Management (1.B.4.5), to come. */
export {};
