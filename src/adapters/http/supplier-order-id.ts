/**
 * Our requisition ids are workflow ids with '/' in them (`<service order>/PR-<resource spec>`),
 * which a TMF server may not take as an order id: ours takes letters, digits and `. _ : -`
 * (src/api/order-request.ts) and hashes anything else, so the order could no longer be read
 * back under our id. The gateway places and reads the order under this form instead, '/' as
 * ':', and the listener maps a supplier's order back to our requisition the other way.
 * A requisition id holding ':' of its own is not told apart: its events are followed by polling.
 */
export const supplierOrderIdOf = (requisitionId: string): string => requisitionId.replaceAll('/', ':');

/** The requisition a supplier's order (its `externalId`, or its id when it echoes none) is about. */
export const requisitionIdOf = (supplierOrderId: string): string => supplierOrderId.replaceAll(':', '/');
