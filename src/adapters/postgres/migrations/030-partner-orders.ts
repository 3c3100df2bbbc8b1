/**
 * S/P Requisition Management's partner orders (1.F.4.2) on PostgreSQL, as the SQLite store's
 * migration 005: each order with the supplier chosen and what it promised, and every event on it,
 * one per report key (a supplier report delivered twice, or by two workers at once, is one event).
 * The supplier simulator's tables stay with the simulator.
 */
export const PARTNER_ORDERS = `
CREATE TABLE partner_orders (
  id TEXT PRIMARY KEY,
  service_order_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  region TEXT NOT NULL,
  resource_spec_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('acknowledged', 'supplierSelected', 'feasibilityChecked', 'placed',
    'confirmed', 'delivered', 'inNegotiation', 'accepted', 'rejected', 'cancelled', 'failed', 'ceased')),
  supplier_id TEXT,
  contract_id TEXT,
  candidates JSONB NOT NULL DEFAULT '[]',
  requisition_id TEXT,
  supplier_reference TEXT,
  expected_delivery TEXT,
  reason TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX partner_orders_service ON partner_orders (service_id, created_at);
CREATE INDEX partner_orders_supplier ON partner_orders (supplier_id);
CREATE INDEX partner_orders_requisition ON partner_orders (requisition_id);

CREATE TABLE partner_order_events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_order_id TEXT NOT NULL REFERENCES partner_orders(id),
  kind TEXT NOT NULL,
  detail TEXT,
  report_key TEXT,
  at TIMESTAMPTZ NOT NULL,
  UNIQUE (partner_order_id, report_key)
);
`;
