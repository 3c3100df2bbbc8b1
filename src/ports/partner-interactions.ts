import type { InteractionReport, SupplierRequest } from '../domain/lifecycle/partner-interaction';

/** S/P Interface Management (S/PRM): what suppliers ask and what the store can tell them. */
export interface PartnerInteractionPort {
  getSupplier(supplierId: string): Promise<{ id: string; name: string; email: string } | undefined>;
  /** The supplier's requisitions (and our partner orders behind them) matching a reference, or all. */
  ordersOf(supplierId: string, reference: string | null): Promise<Array<Record<string, unknown>>>;
  /** The problems we reported to the supplier matching a reference, or all (none without S/P Problem Reporting). */
  problemsOf(supplierId: string, reference: string | null): Promise<Array<Record<string, unknown>>>;
  /** What we owe the supplier: delivered requisitions at contract price, and settlements when billing keeps them. */
  paymentsOf(
    supplierId: string,
    reference: string | null,
  ): Promise<{ dueMinor: number; lines: Array<Record<string, unknown>>; settlements: Array<Record<string, unknown>> }>;
  recordRequest(
    idempotencyKey: string,
    r: Omit<SupplierRequest, 'id' | 'createdAt'>,
    at: string,
  ): Promise<SupplierRequest>;
  /**
   * The answer the process a request was routed to gave (it stays routed to it): the request is
   * answered. Idempotent: the same answer again changes nothing.
   */
  answerRequest(requestId: string, answer: Record<string, unknown>): Promise<SupplierRequest>;
  requestsOf(supplierId: string | null): Promise<SupplierRequest[]>;
  recordReport(idempotencyKey: string, r: Omit<InteractionReport, 'id'>): Promise<InteractionReport>;
}
