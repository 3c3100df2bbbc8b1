/**
 * 1.AB.3.5.4 finds more, and holds distribution on a failed audit until it is settled: the
 * losses before a collection's first record, the elements that sent nothing, the duplicates
 * across collections; whether the audit passed, and for a failed one how it was settled and
 * when. Audits made before have no status and hold nothing.
 */
export const sql = `
ALTER TABLE usage_audits ADD COLUMN lost_before_first INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_audits ADD COLUMN silent_elements INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_audits ADD COLUMN duplicates_across INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_audits ADD COLUMN status TEXT CHECK (status IN ('passed', 'failed', 'settled'));
ALTER TABLE usage_audits ADD COLUMN settlement TEXT;
ALTER TABLE usage_audits ADD COLUMN settled_at TEXT;
CREATE INDEX usage_audits_collection ON usage_audits (collection_id, created_at);
`;
