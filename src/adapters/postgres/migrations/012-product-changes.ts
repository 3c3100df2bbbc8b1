/**
 * The product inventory's history (#12), as the SQLite store's migration 028: the product's
 * current characteristics, and its price and status over time (one open period; a change of
 * price or status closes it at the change date and opens the next, a cease opens none).
 */
export const PRODUCT_CHANGES = `
ALTER TABLE products ADD COLUMN IF NOT EXISTS characteristics JSONB NOT NULL DEFAULT '{}';
UPDATE products p SET characteristics = i.characteristics
  FROM product_order_items i WHERE i.order_id = p.order_id AND i.item_id = p.item_id;
CREATE TABLE product_charge_periods (
  product_id TEXT NOT NULL REFERENCES products(id),
  valid_from TIMESTAMPTZ NOT NULL,
  valid_to TIMESTAMPTZ NULL,
  recurring_minor BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
  order_id TEXT NULL,
  PRIMARY KEY (product_id, valid_from)
);
CREATE INDEX product_charge_periods_open ON product_charge_periods (product_id) WHERE valid_to IS NULL;
INSERT INTO product_charge_periods (product_id, valid_from, valid_to, recurring_minor, status, order_id)
  SELECT id, start_date, NULL, recurring_minor, status, order_id FROM products;
`;
