/**
 * What billing has charged of each product (#12): recurring charges are prorated from the
 * product's charge periods (migration 028), so a bill must know up to when each product is
 * already billed — a cease's final bill charges up to the cease date, and the next cycle must
 * not charge those days again. `product_billed_to` holds that date per product (back-filled from
 * the bills' recurring lines). A final bill has a run of its own (`bill_runs.kind = 'final'`),
 * which the next cycle does not start from: cycles follow cycles.
 */
export const sql = `
ALTER TABLE bill_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'cycle' CHECK (kind IN ('cycle', 'final'));
CREATE TABLE product_billed_to (
  product_id TEXT PRIMARY KEY REFERENCES products(id),
  billed_to TEXT NOT NULL,
  bill_id TEXT NOT NULL REFERENCES bills(id)
);
INSERT INTO product_billed_to (product_id, billed_to, bill_id)
  SELECT l.reference, MAX(b.period_end), b.id FROM bill_lines l JOIN bills b ON b.id = l.bill_id
   WHERE l.kind = 'recurring' AND l.reference IN (SELECT id FROM products) AND b.state <> 'cancelled'
   GROUP BY l.reference;
`;
