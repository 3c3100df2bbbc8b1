/** SM&O Service Quality Management (1.A.2.4) and CRM Customer QoS/SLA Management (1.A.1.7). Placeholder until that work lands. */
export const sql = `-- service-quality`;
