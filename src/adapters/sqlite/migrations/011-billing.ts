/** Billing: usage collection (1.AB.3.5), rating (1.B.2.5), billing & collections (1.B.1.8), settlements (1.B.4.5). Placeholder until that work lands. */
export const sql = `-- billing`;
