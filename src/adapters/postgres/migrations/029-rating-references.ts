/**
 * The versions of the reference data rating uses, per service class (1.O.2.1.5), as the SQLite
 * store's migration 013: one row per change, its content as rating reads it (the class's
 * catalog prices and tariffs), numbered per class — one number per class, by a unique key.
 */
export const RATING_REFERENCES = `
CREATE TABLE rating_reference_versions (
  id TEXT PRIMARY KEY,
  cfs_spec_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  checksum TEXT NOT NULL,
  source TEXT NOT NULL,
  content JSONB NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL,
  UNIQUE (cfs_spec_id, version)
);
`;
