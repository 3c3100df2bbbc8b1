/** CRM Problem Handling (1.A.1.6), SM&O Service Problem Management (1.A.2.3) and workforce tasks (1.O.3.1.6). Placeholder until that work lands. */
export const sql = `-- problem-handling`;
