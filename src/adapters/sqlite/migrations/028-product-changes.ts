/**
 * The product inventory's history (#12): a product is modified (characteristics, price) and
 * ceased, not only added. `products.characteristics` holds the product's current
 * characteristics (back-filled from the order item that added it); `product_charge_periods`
 * holds its price and status over time — every change of price or status closes the open period
 * at the change date and opens the next (a cease closes it with no next), so billing prorates
 * from the change date. Back-filled with one open period per existing product, from its start.
 */
export const sql = `
ALTER TABLE products ADD COLUMN characteristics TEXT NOT NULL DEFAULT '{}';
UPDATE products SET characteristics = COALESCE(
  (SELECT i.characteristics FROM product_order_items i WHERE i.order_id = products.order_id AND i.item_id = products.item_id),
  '{}');
CREATE TABLE product_charge_periods (
  product_id TEXT NOT NULL REFERENCES products(id),
  valid_from TEXT NOT NULL,
  valid_to TEXT NULL,
  recurring_minor INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
  order_id TEXT NULL,
  PRIMARY KEY (product_id, valid_from)
);
CREATE INDEX product_charge_periods_open ON product_charge_periods (product_id) WHERE valid_to IS NULL;
INSERT INTO product_charge_periods (product_id, valid_from, valid_to, recurring_minor, status, order_id)
  SELECT id, start_date, NULL, recurring_minor, status, order_id FROM products;
`;
