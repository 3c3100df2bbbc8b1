import { avg, round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** 1.O.1.1.5 — retention trends: churn and acquisition per segment. */
export function createSupportRetentionAndLoyalty(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.5', layer: 'CRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('retention', r.since);
    for (const f of ['active', 'lost', 'acquired', 'prospects', 'productsTerminated']) r.figures[f] = total(t, f);
    r.figures['churnRate'] = round(avg(r.figures['lost']!, r.figures['active']! + r.figures['lost']!));
    await r.hold(
      'retention.churnRate',
      t.rows.map((x) => ({
        subject: x.group,
        value: avg(x.figures['lost'] ?? 0, (x.figures['active'] ?? 0) + (x.figures['lost'] ?? 0)),
        action: `Churn in the ${x.group.slice(8)} segment is high: strengthen the loyalty programme and the retention desk.`,
      })),
    );
    return r.finish();
  });
}
