/**
 * The answers Support Billing & Collections (1.O.1.1.4) publishes to the common billing questions
 * (#13): one per question (the customer's claim as asked, in lower case), with how often it was
 * asked; Manage Customer Billing Inquiries (1.B.1.8.1) reads it and gives it with its own finding,
 * and records on the inquiry which published answer it gave.
 */
export const sql = `
CREATE TABLE billing_answers (
  question TEXT PRIMARY KEY,
  answer TEXT NOT NULL,
  asked INTEGER NOT NULL,
  published_by TEXT NOT NULL,
  run_id TEXT NOT NULL,
  published_at TEXT NOT NULL
);
ALTER TABLE billing_inquiries ADD COLUMN answered_from TEXT REFERENCES billing_answers(question);
`;
