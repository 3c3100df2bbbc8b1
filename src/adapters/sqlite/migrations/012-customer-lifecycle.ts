/**
 * The customer lifecycle around the order: Marketing Fulfilment Response (1.F.1.3) campaigns,
 * collateral and leads; Selling (1.F.1.4) prospects, quotes and cross/up-sell recommendations;
 * Retention & Loyalty (1.FAB.1.9) relationships, insight, risk, retention offers and surveys;
 * Customer Interface Management's contact reports (1.FAB.1.2.3); S/P Interface Management
 * (1.FAB.4.6) supplier requests and interaction reports. Money in integer minor units.
 */
export const sql = `
-- The campaign as 1.O.1.1.9 Manage Campaign hands it over.
CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  offering_id TEXT NOT NULL REFERENCES product_offerings(id),
  segment TEXT NOT NULL,
  region TEXT NOT NULL,
  channel TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE collaterals (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  customer_id TEXT REFERENCES customers(id),
  recipient TEXT NOT NULL,
  channel TEXT NOT NULL,
  document TEXT NOT NULL,
  notification_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
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
  interest TEXT NOT NULL,
  requested_discount_pct INTEGER NOT NULL DEFAULT 0,
  term_months INTEGER NOT NULL DEFAULT 12,
  score INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('new', 'handedOff', 'disqualified', 'won', 'lost')),
  reason TEXT,
  prospect_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX leads_campaign ON leads (campaign_id, state);

CREATE TABLE prospects (
  id TEXT PRIMARY KEY,
  lead_id TEXT REFERENCES leads(id),
  customer_id TEXT REFERENCES customers(id),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  segment TEXT NOT NULL,
  region TEXT NOT NULL,
  needs TEXT NOT NULL,
  matched_offering_ids TEXT NOT NULL,
  sales_channel TEXT NOT NULL,
  win_probability_pct INTEGER NOT NULL,
  estimated_revenue_minor INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'qualified', 'disqualified', 'won', 'lost')),
  reason TEXT,
  qualification TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE quotes (
  id TEXT PRIMARY KEY,
  prospect_id TEXT NOT NULL REFERENCES prospects(id),
  customer_id TEXT REFERENCES customers(id),
  lines TEXT NOT NULL,
  term_months INTEGER NOT NULL,
  discount_pct INTEGER NOT NULL,
  one_time_minor INTEGER NOT NULL,
  recurring_minor INTEGER NOT NULL,
  contract_value_minor INTEGER NOT NULL,
  valid_until TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('proposed', 'accepted', 'declined', 'expired', 'ordered')),
  reason TEXT,
  order_id TEXT,
  created_at TEXT NOT NULL,
  decided_at TEXT
);
CREATE INDEX quotes_prospect ON quotes (prospect_id);

CREATE TABLE sales_recommendations (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL CHECK (kind IN ('crossSell', 'upSell', 'none')),
  offering_id TEXT,
  reason TEXT NOT NULL,
  evidence TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE customer_relationships (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  state TEXT NOT NULL CHECK (state IN ('established', 'terminated')),
  identity_key TEXT NOT NULL,
  established_at TEXT NOT NULL,
  terminated_at TEXT,
  reason TEXT,
  -- The profile and preferences archived at termination, for a relationship re-established later.
  archive TEXT
);

CREATE TABLE customer_insights (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  profile TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX customer_insights_customer ON customer_insights (customer_id, created_at);

CREATE TABLE customer_risk_assessments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  insight_id TEXT NOT NULL REFERENCES customer_insights(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  factors TEXT NOT NULL,
  main_factor TEXT,
  fraud INTEGER NOT NULL,
  at_risk INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX customer_risk_customer ON customer_risk_assessments (customer_id, created_at);

CREATE TABLE retention_offers (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  risk_assessment_id TEXT NOT NULL REFERENCES customer_risk_assessments(id),
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  notification_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE satisfaction_surveys (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  trigger TEXT NOT NULL CHECK (trigger IN ('fulfilment', 'problemClosure')),
  reference TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sent', 'answered', 'expired')),
  delivered INTEGER NOT NULL,
  score INTEGER CHECK (score BETWEEN 1 AND 5),
  comment TEXT,
  sent_at TEXT NOT NULL,
  answered_at TEXT
);
CREATE INDEX satisfaction_surveys_customer ON satisfaction_surveys (customer_id, sent_at);

CREATE TABLE customer_contact_reports (
  id TEXT PRIMARY KEY,
  customer_id TEXT,
  report TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE supplier_requests (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  topic TEXT NOT NULL CHECK (topic IN ('order', 'problem', 'payment', 'other')),
  reference TEXT,
  question TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('answered', 'routed')),
  routed_to TEXT,
  answer TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX supplier_requests_supplier ON supplier_requests (supplier_id, created_at);

CREATE TABLE supplier_interaction_reports (
  id TEXT PRIMARY KEY,
  supplier_id TEXT,
  report TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
