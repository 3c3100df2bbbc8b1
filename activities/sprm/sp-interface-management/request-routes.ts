import type { SupplierRequestTopic } from '../../../src/domain/lifecycle/partner-interaction';

/** Where a request the store cannot answer goes, by topic. */
export const SUPPLIER_REQUEST_ROUTES: Record<SupplierRequestTopic, string> = {
  order: '1.F.4.2', // S/P Requisition Management
  problem: '1.A.4.3', // S/P Problem Reporting & Management
  payment: '1.B.4.5', // S/P Settlements & Billing Management
  other: '1.FAB.4.6', // a person at the supplier interface
};
