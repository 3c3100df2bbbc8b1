/**
 * Marketing Fulfillment Response and Selling (1.F.1.3, 1.F.1.4) and Cross/Up Selling: campaigns
 * as handed over, the collateral sent, leads, prospects, quotes and recommendations; and the
 * customer record Selling creates (customers, their first credit profile), with what
 * Cross/Up Selling reads of a customer's history (contacts, trouble tickets), in the SQLite
 * store's columns so the ports that own them later find them as they are. Money is BIGINT minor
 * units; instants the store stamps are timestamptz, dates a customer gave (valid until) text.
 */
export const SALES = `
CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  segment TEXT NOT NULL CHECK (segment IN ('residential', 'business', 'wholesale')),
  region TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('prospect', 'active', 'suspended', 'terminated')),
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX customers_email ON customers (lower(email));
CREATE INDEX customers_audience ON customers (segment, region, status, id);

CREATE TABLE credit_profiles (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  credit_score INTEGER NOT NULL CHECK (credit_score BETWEEN 0 AND 1000),
  credit_limit_minor BIGINT NOT NULL CHECK (credit_limit_minor >= 0),
  outstanding_minor BIGINT NOT NULL DEFAULT 0,
  days_past_due INTEGER NOT NULL DEFAULT 0,
  fraud_flag BOOLEAN NOT NULL DEFAULT false,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  customer_id TEXT REFERENCES customers(id),
  channel TEXT NOT NULL,
  reason TEXT NOT NULL,
  summary TEXT NOT NULL,
  opened_at TIMESTAMPTZ NOT NULL,
  closed_at TIMESTAMPTZ,
  duration_seconds INTEGER
);
CREATE INDEX contacts_customer ON contacts (customer_id, reason);

CREATE TABLE trouble_tickets (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL CHECK (origin IN ('customer', 'network')),
  customer_id TEXT NOT NULL,
  service_id TEXT,
  product_id TEXT,
  description TEXT NOT NULL,
  urgency TEXT NOT NULL CHECK (urgency IN ('critical', 'high', 'medium', 'low')),
  state TEXT NOT NULL CHECK (state IN
    ('acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'resolved', 'closed', 'cancelled')),
  service_problem_id TEXT,
  linked_to TEXT REFERENCES trouble_tickets(id),
  estimated_restoration TEXT,
  escalated_at TIMESTAMPTZ,
  reopened BOOLEAN NOT NULL DEFAULT false,
  resolution TEXT,
  sla_met BOOLEAN,
  workflow_id TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  resolved_at TIMESTAMPTZ,
  closed_at TIMESTAMPTZ
);
CREATE INDEX trouble_tickets_customer ON trouble_tickets (customer_id, state);

-- Order Handling's rows (migration 002) do not refer to customers yet: its contract suite orders
-- for customers it never records. The customer management adapter adds the references.

CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  offering_id TEXT NOT NULL REFERENCES product_offerings(id),
  segment TEXT NOT NULL,
  region TEXT NOT NULL,
  channel TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE collaterals (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  customer_id TEXT REFERENCES customers(id),
  recipient TEXT NOT NULL,
  channel TEXT NOT NULL,
  document TEXT NOT NULL,
  notification_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  -- One collateral per recipient of a campaign, whichever worker sends it first.
  UNIQUE (campaign_id, recipient)
);

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  campaign_id TEXT REFERENCES campaigns(id),
  customer_id TEXT REFERENCES customers(id),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  segment TEXT NOT NULL,
  region TEXT NOT NULL,
  interest JSONB NOT NULL,
  requested_discount_pct INTEGER NOT NULL DEFAULT 0,
  term_months INTEGER NOT NULL DEFAULT 12,
  score INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('new', 'handedOff', 'disqualified', 'won', 'lost')),
  reason TEXT,
  prospect_id TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE prospects (
  id TEXT PRIMARY KEY,
  lead_id TEXT REFERENCES leads(id),
  customer_id TEXT REFERENCES customers(id),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  segment TEXT NOT NULL,
  region TEXT NOT NULL,
  needs JSONB NOT NULL,
  matched_offering_ids JSONB NOT NULL,
  sales_channel TEXT NOT NULL,
  win_probability_pct INTEGER NOT NULL,
  estimated_revenue_minor BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'qualified', 'disqualified', 'won', 'lost')),
  reason TEXT,
  qualification JSONB,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE quotes (
  id TEXT PRIMARY KEY,
  prospect_id TEXT NOT NULL REFERENCES prospects(id),
  customer_id TEXT REFERENCES customers(id),
  lines JSONB NOT NULL,
  term_months INTEGER NOT NULL,
  discount_pct INTEGER NOT NULL,
  one_time_minor BIGINT NOT NULL,
  recurring_minor BIGINT NOT NULL,
  contract_value_minor BIGINT NOT NULL,
  valid_until TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('proposed', 'accepted', 'declined', 'expired', 'ordered')),
  reason TEXT,
  order_id TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  decided_at TIMESTAMPTZ
);

CREATE TABLE sales_recommendations (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL CHECK (kind IN ('crossSell', 'upSell', 'none')),
  offering_id TEXT,
  reason TEXT NOT NULL,
  evidence JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
`;
