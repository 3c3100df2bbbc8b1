/** RM&O Resource Trouble Management (1.A.3.3) and Resource Performance Management (1.A.3.4): alarms, resource troubles, performance. Placeholder until that work lands. */
export const sql = `-- resource-trouble`;
