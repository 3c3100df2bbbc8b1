/** Placeholder: the workflows of Customer QoS/SLA Management (1.A.1.7), to come. */
export {};
