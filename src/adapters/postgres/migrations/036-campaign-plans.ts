/**
 * The campaigns Manage Campaign (1.O.1.1.9) plans and Marketing Fulfilment Response runs, on
 * PostgreSQL as in the SQLite store's migration 013: one plan open (planned or running) per region
 * and offering, kept by a partial unique index whichever worker plans it first.
 */
export const CAMPAIGN_PLANS = `
CREATE TABLE campaign_plans (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  segment TEXT NOT NULL,
  product_offering_id TEXT NOT NULL REFERENCES product_offerings(id),
  rationale TEXT NOT NULL,
  figures JSONB NOT NULL,
  state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'running', 'completed', 'cancelled')),
  run_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX campaign_plans_open ON campaign_plans (region, product_offering_id) WHERE state IN ('planned', 'running');
`;
