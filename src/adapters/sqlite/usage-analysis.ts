import type { UsagePort, UsageReport } from '../../ports/usage';
import { type Db, nextId, once } from './database';
import { conditions } from './usage-records';

/** Usage analysis: rated usage per customer and type, and the anomalies worth a look. */
export function createSqliteUsageAnalysis(db: Db, now: () => string): Pick<UsagePort, 'analyze'> {
  return {
    async analyze(key, scope) {
      return once(db, key, 'analyzeUsage', (): UsageReport => {
        const { where, args } = conditions({ collection_id: scope.collectionId, customer_id: scope.customerId });
        const w = ["state IN ('rated', 'billed')", ...where].join(' AND ');
        const byCustomer = db
          .prepare(
            `SELECT customer_id AS customerId, usage_type AS usageType, COUNT(*) AS records, SUM(quantity) AS quantity,
                    SUM(charge_minor) AS chargeMinor FROM usage_records WHERE ${w} GROUP BY customer_id, usage_type ORDER BY 1, 2`,
          )
          .all(...args) as UsageReport['byCustomer'];
        const anomalies: UsageReport['anomalies'] = [];
        // A call of more than two hours: a line left open, or a line used by someone else.
        for (const r of db
          .prepare(
            `SELECT service_id, correlation_id, quantity FROM usage_records WHERE ${w} AND usage_type = 'voice' AND quantity > 7200`,
          )
          .all(...args) as Array<{ service_id: string; correlation_id: string; quantity: number }>)
          anomalies.push({
            kind: 'longCall',
            serviceId: r.service_id,
            detail: `${r.correlation_id} lasted ${r.quantity} s`,
          });
        // Heavy traffic in the small hours: a compromised router, or a complaint about a bill to explain.
        for (const r of db
          .prepare(
            `SELECT service_id, correlation_id, quantity FROM usage_records WHERE ${w} AND usage_type = 'data'
               AND CAST(substr(started_at, 12, 2) AS INTEGER) < 5 AND quantity > 3000`,
          )
          .all(...args) as Array<{ service_id: string; correlation_id: string; quantity: number }>)
          anomalies.push({
            kind: 'nightVolume',
            serviceId: r.service_id,
            detail: `${r.correlation_id}: ${r.quantity} MB at night`,
          });
        // The same event charged twice must never happen: mediation exists to prevent it.
        for (const r of db
          .prepare(
            `SELECT service_id, correlation_id, COUNT(*) AS n FROM usage_records WHERE ${w} GROUP BY correlation_id HAVING n > 1`,
          )
          .all(...args) as Array<{ service_id: string; correlation_id: string; n: number }>)
          anomalies.push({
            kind: 'duplicateCharge',
            serviceId: r.service_id,
            detail: `${r.correlation_id} charged ${r.n} times`,
          });
        const reportId = nextId(db, 'UR');
        const scopeText = JSON.stringify(scope);
        db.prepare('INSERT INTO usage_reports (id, scope, content, anomalies, created_at) VALUES (?, ?, ?, ?, ?)').run(
          reportId,
          scopeText,
          JSON.stringify(byCustomer),
          JSON.stringify(anomalies),
          now(),
        );
        return { reportId, scope: scopeText, byCustomer, anomalies };
      });
    },
  };
}
