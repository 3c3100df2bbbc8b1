/** Placeholder: the workflows of Marketing Fulfilment Response (1.F.1.3), to come. */
export {};
