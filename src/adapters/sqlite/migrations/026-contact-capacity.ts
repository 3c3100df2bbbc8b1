/**
 * The agents each contact channel has (#13): Manage Contact (1.FAB.1.2.1) reads them when it opens
 * a contact — a contact beyond the channel's agents is queued — and raises them when 1.O.1.1.1's
 * readiness action "add agents / capacity" is addressed to it. A channel without a row has no
 * modelled capacity: nothing is queued on it.
 */
export const sql = `
CREATE TABLE contact_capacity (
  channel TEXT PRIMARY KEY,
  agents INTEGER NOT NULL CHECK (agents >= 0),
  set_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
ALTER TABLE contacts ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;
`;
