/**
 * The TMF622 list (GET /productOrder, newest first): by state, the count and the page are read
 * from an index in the order they are returned, not from a scan of every order and a sort; the
 * unfiltered list walks the orders by creation the same way (bench/README.md, the API section).
 */
export const sql = `
CREATE INDEX product_orders_state ON product_orders (state, created_at);
CREATE INDEX product_orders_created ON product_orders (created_at);
`;
