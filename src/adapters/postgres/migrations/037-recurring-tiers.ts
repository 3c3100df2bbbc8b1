/**
 * Speed-tiered prices (#12), on PostgreSQL as in the SQLite store's migration 032: an offering's
 * recurring price by characteristic (`recurring_tiers`, smallest `atMost` first; above every
 * tier the list price). seedPostgresCatalog copies the SQLite seed's tiers into a new store; a
 * store seeded before gets the fibre's here, if its list price is still the one seeded.
 */
export const RECURRING_TIERS = `
ALTER TABLE product_offerings ADD COLUMN recurring_tiers JSONB NOT NULL DEFAULT '[]';
UPDATE product_offerings
SET recurring_tiers = '[{"characteristic":"bandwidthMbps","atMost":100,"recurringMinor":6900},{"characteristic":"bandwidthMbps","atMost":500,"recurringMinor":9900}]'
WHERE id = 'PO-FIBRE-BIZ' AND recurring_minor = 12900 AND recurring_tiers = '[]'::jsonb;
`;
