import type { Figures } from '../domain/readiness/report';

/** Rows of a trend analysis: one per group (region, channel, supplier…), figures by name. */
export interface Trend {
  /** Tables the figures came from. */
  sources: string[];
  rows: Array<{ group: string; figures: Figures }>;
}

/** The trend analyses the readiness processes run on stored history. */
export type TrendName =
  | 'contacts'
  | 'orders'
  | 'troubleTickets'
  | 'billingInquiries'
  | 'retention'
  | 'offeringOrders'
  | 'salesChannels'
  | 'customerQos'
  | 'campaigns'
  | 'serviceProblems'
  | 'serviceQuality'
  | 'resourceTroubles'
  | 'requisitions'
  | 'partnerProblems'
  | 'supplierPerformance'
  | 'settlements'
  | 'partnerContacts';

/**
 * The statistical analyses of operational history the Support & Readiness processes (1.O.*.1)
 * run: contacts, orders, problems, quality, suppliers… over a window, grouped by what the
 * process watches.
 */
export interface OperationalTrendPort {
  trend(name: TrendName, since: string): Promise<Trend>;
}
