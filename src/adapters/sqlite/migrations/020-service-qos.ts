/**
 * Service Quality Management (1.A.2.4.2) measures the QoS each service was designed to
 * (1.F.2.2.1: latency, throughput, committed bandwidth), beside availability and restoration:
 * what was measured, what it was compared with, and the shortfall in words (null: met).
 */
export const sql = `
ALTER TABLE service_kqis ADD COLUMN latency_ms REAL;
ALTER TABLE service_kqis ADD COLUMN max_latency_ms REAL;
ALTER TABLE service_kqis ADD COLUMN throughput_pct REAL;
ALTER TABLE service_kqis ADD COLUMN min_throughput_pct REAL;
ALTER TABLE service_kqis ADD COLUMN committed_bandwidth_mbps REAL;
ALTER TABLE service_kqis ADD COLUMN delivered_bandwidth_mbps REAL;
ALTER TABLE service_kqis ADD COLUMN qos_shortfall TEXT;
`;
