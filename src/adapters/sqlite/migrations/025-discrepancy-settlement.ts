/**
 * A discrepancy one reconciliation records may be settled by the process that can settle it
 * (#13): SM&O's "element carries the service, the inventory does not link them" (1.O.2.1.1) is
 * settled in the resource inventory by 1.O.3.1.5, which records who settled it, when and how,
 * so it is settled once and no longer read as open.
 */
export const sql = `
ALTER TABLE inventory_discrepancies ADD COLUMN settled_by TEXT;
ALTER TABLE inventory_discrepancies ADD COLUMN settled_at TEXT;
ALTER TABLE inventory_discrepancies ADD COLUMN settlement TEXT;
CREATE INDEX inventory_discrepancies_open ON inventory_discrepancies (kind, subject) WHERE settled_at IS NULL;
`;
