/** Every notification the operator sends (to a customer, a supplier or another process), as sent. */
export const NOTIFICATIONS = `
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  channel TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  reference TEXT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX notifications_reference ON notifications (reference, id);
`;
