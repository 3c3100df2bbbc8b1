/**
 * A product order placed from an accepted quote (TMF622 `quote`) keeps the quote and the
 * discount agreed in it: the order's charges and the products it records are priced with it.
 * Orders without a quote have no discount.
 */
export const sql = `
ALTER TABLE product_orders ADD COLUMN quote_id TEXT;
ALTER TABLE product_orders ADD COLUMN discount_pct INTEGER NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100);
`;
