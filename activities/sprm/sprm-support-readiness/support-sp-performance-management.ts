import { round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** 1.O.4.1.3 — supplier quality against objectives: SLA breaches, their nature and frequency. */
export function createSupportSPPerformanceManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.4.1.3', layer: 'S/PRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('supplierPerformance', r.since);
    r.figures['periods'] = total(t, 'periods');
    r.figures['slaBreaches'] = total(t, 'slaBreaches');
    for (const x of t.rows) r.figures[`${x.group}.meanAvailabilityBp`] = round(x.figures['meanAvailabilityBp'] ?? 0);
    await r.hold(
      'suppliers.slaBreaches',
      t.rows.map((x) => ({
        subject: x.group,
        value: x.figures['slaBreaches'] ?? 0,
        action: `${x.group.slice(9)} breached its SLA: agree short-term corrective measures and an improvement plan.`,
      })),
    );
    return r.finish();
  });
}
