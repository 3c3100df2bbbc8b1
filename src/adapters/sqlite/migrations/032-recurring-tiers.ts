/**
 * Speed-tiered prices (#12): an offering's recurring price may depend on a characteristic
 * (`recurring_tiers`, JSON, smallest `atMost` first; above every tier the list price). The seed
 * gives the fibre its tiers in a new store; a store seeded before gets the same here. Only the
 * sample operator's fibre as seeded is touched (its list price, no tiers yet): a catalog edited
 * since is left as it is.
 */
export const sql = `
ALTER TABLE product_offerings ADD COLUMN recurring_tiers TEXT NOT NULL DEFAULT '[]';
UPDATE product_offerings
SET recurring_tiers = '[{"characteristic":"bandwidthMbps","atMost":100,"recurringMinor":6900},{"characteristic":"bandwidthMbps","atMost":500,"recurringMinor":9900}]'
WHERE id = 'PO-FIBRE-BIZ' AND recurring_minor = 12900 AND recurring_tiers = '[]';
`;
