/** Operations Support & Readiness (1.O.*.1). Placeholder until that work lands. */
export const sql = `-- readiness`;
