import type { SupplierInvoice, SupplierUsage } from '../domain/billing/settlement';

export type { SupplierInvoice, SupplierUsage };

export interface SupplierDispute {
  disputeId: string;
  invoiceId: string;
  amountMinor: number;
  reason: string;
  state: 'open' | 'accepted' | 'refused';
  resolution: string | null;
}

export interface Settlement {
  settlementId: string;
  supplierId: string;
  invoiceId: string | null;
  period: string;
  paidMinor: number;
  revenueShareMinor: number;
  notice: string;
}

/**
 * S/PRM Settlements & Billing (1.B.4.5): our records of what suppliers provide, their
 * invoices assessed against those records, disputes, approval, settlement and payment
 * (revenue shares included). Money is integer minor units; writes take an idempotency key.
 */
export interface SettlementPort {
  /** Records, for the period, each supplied resource in service at its contract price. */
  recordSupplierUsage(key: string, period: string): Promise<SupplierUsage[]>;
  supplierUsage(period: string, supplierId?: string): Promise<SupplierUsage[]>;
  /**
   * What the supplier provides us as it stands (period 'open'): each of its resources in service
   * at its contract price, read only — what the next settlement cycle will record for it.
   */
  openAccount(supplierId: string): Promise<SupplierUsage[]>;
  /** Receives the supplier's invoice for the period and compares each line with our records. */
  receiveInvoice(key: string, supplierId: string, period: string): Promise<SupplierInvoice>;
  invoice(invoiceId: string): Promise<SupplierInvoice | undefined>;
  /** Raises a dispute for what the invoice bills beyond our records; the supplier answers. */
  dispute(key: string, invoiceId: string): Promise<SupplierDispute | null>;
  /** The disputes the supplier has not answered yet, oldest first. */
  openDisputes(supplierId: string): Promise<SupplierDispute[]>;
  /** Puts an open dispute to the supplier again and records its answer; an answered one is left as it is. */
  negotiateAgain(key: string, disputeId: string): Promise<SupplierDispute>;
  approve(key: string, invoiceId: string): Promise<SupplierInvoice>;
  /** Pays the approved amount and the revenue share the contracts give; issues the notice. */
  settle(key: string, supplierId: string, period: string): Promise<Settlement>;
}
