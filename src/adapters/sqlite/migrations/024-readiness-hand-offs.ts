/**
 * A readiness action is addressed to the process that can act on it (#13): `addressed_to` names
 * that process's eTOM id (null: the layer's operations team, told by notification, as before);
 * the process records that it acted, when, and what it did, so it acts once per action.
 */
export const sql = `
ALTER TABLE readiness_actions ADD COLUMN addressed_to TEXT;
ALTER TABLE readiness_actions ADD COLUMN acted_by TEXT;
ALTER TABLE readiness_actions ADD COLUMN acted_at TEXT;
ALTER TABLE readiness_actions ADD COLUMN outcome TEXT;
CREATE INDEX readiness_actions_addressed ON readiness_actions (addressed_to, state) WHERE addressed_to IS NOT NULL;
`;
