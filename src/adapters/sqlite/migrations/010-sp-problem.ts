/** S/PRM S/P Problem Reporting & Management (1.A.4.3) and S/P Performance Management (1.A.4.4). Placeholder until that work lands. */
export const sql = `-- sp-problem`;
