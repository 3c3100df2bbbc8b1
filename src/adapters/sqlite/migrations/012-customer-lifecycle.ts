/** The customer lifecycle around the order: campaigns, leads, prospects, quotes, retention, supplier interactions. Placeholder until that work lands. */
export const sql = `-- customer-lifecycle`;
