/**
 * Retention & Loyalty (1.FAB.2.2) on PostgreSQL, as the SQLite store's migration 012: one
 * relationship per customer (re-established after a termination, its archive kept), the insight,
 * risk assessments and retention offers built on each other, satisfaction surveys, and the
 * contact reports. Profiles, factors and details as jsonb.
 */
export const CUSTOMER_RELATIONSHIPS = `
CREATE TABLE customer_relationships (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  state TEXT NOT NULL CHECK (state IN ('established', 'terminated')),
  identity_key TEXT NOT NULL,
  established_at TIMESTAMPTZ NOT NULL,
  terminated_at TIMESTAMPTZ,
  reason TEXT,
  archive JSONB
);
CREATE INDEX customer_relationships_identity ON customer_relationships (identity_key);

CREATE TABLE customer_insights (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  profile JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_insights_customer ON customer_insights (customer_id, created_at);

CREATE TABLE customer_risk_assessments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  insight_id TEXT NOT NULL REFERENCES customer_insights(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  factors JSONB NOT NULL,
  main_factor TEXT,
  fraud BOOLEAN NOT NULL,
  at_risk BOOLEAN NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_risk_customer ON customer_risk_assessments (customer_id, created_at);

CREATE TABLE retention_offers (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  risk_assessment_id TEXT NOT NULL REFERENCES customer_risk_assessments(id),
  kind TEXT NOT NULL,
  detail JSONB NOT NULL,
  notification_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX retention_offers_customer ON retention_offers (customer_id);

CREATE TABLE satisfaction_surveys (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  trigger TEXT NOT NULL CHECK (trigger IN ('fulfilment', 'problemClosure')),
  reference TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sent', 'answered', 'expired')),
  delivered BOOLEAN NOT NULL,
  score INTEGER CHECK (score BETWEEN 1 AND 5),
  comment TEXT,
  sent_at TIMESTAMPTZ NOT NULL,
  answered_at TIMESTAMPTZ
);
CREATE INDEX satisfaction_surveys_customer ON satisfaction_surveys (customer_id, sent_at);

CREATE TABLE customer_contact_reports (
  id TEXT PRIMARY KEY,
  customer_id TEXT,
  report JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
`;
