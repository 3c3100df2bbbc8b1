/**
 * The blocks added to the identifier pools order handling allocates from (1.O.1.1.2, 1.O.2.1.2),
 * as the SQLite store's migration 013; the identifiers themselves are resources (migration 001).
 */
export const NUMBER_BLOCKS = `
CREATE TABLE number_blocks (
  id TEXT PRIMARY KEY,
  resource_spec_id TEXT NOT NULL REFERENCES resource_specs(id),
  region TEXT NOT NULL,
  first_value TEXT NOT NULL,
  last_value TEXT NOT NULL,
  size INTEGER NOT NULL,
  reason TEXT NOT NULL,
  added_at TIMESTAMPTZ NOT NULL
);
`;
