/**
 * TMF635 Usage Management: the usage records an external system posts are kept under their
 * TMF id with what was posted (the product, customer, characteristics), and wait for
 * collection (1.AB.3.5.1) among the network elements' records, on the element that meters the
 * product's service. The TMF id travels with the record (network_usage → usage_records) so
 * mediation and rating know, row by row, which records the API shows and must publish events for.
 */
export const sql = `
ALTER TABLE network_usage ADD COLUMN usage_id TEXT;
ALTER TABLE usage_records ADD COLUMN usage_id TEXT;
CREATE INDEX usage_records_usage ON usage_records (usage_id) WHERE usage_id IS NOT NULL;

CREATE TABLE usage_submissions (
  id TEXT PRIMARY KEY,
  element_id TEXT NOT NULL,
  element_seq INTEGER NOT NULL,
  usage_type TEXT NOT NULL CHECK (usage_type IN ('voice', 'data')),
  usage_date TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  party TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  description TEXT,
  -- The usageCharacteristic list as posted (JSON), shown back as is.
  characteristics TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (element_id, element_seq)
);
CREATE INDEX usage_submissions_received ON usage_submissions (received_at);
CREATE INDEX usage_submissions_customer ON usage_submissions (customer_id, received_at);
`;
