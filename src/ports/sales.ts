/** Placeholder, to be declared by the work on Marketing Fulfilment Response (1.F.1.3) and Selling (1.F.1.4): campaigns, leads, prospects, quotes. */
export type SalesPort = Record<never, never>;
