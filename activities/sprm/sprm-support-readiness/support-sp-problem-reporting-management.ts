import { round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** 1.O.4.1.2 — problems reported to suppliers: type, frequency, time to resolve. */
export function createSupportSPProblemReportingAndManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.4.1.2', layer: 'S/PRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('partnerProblems', r.since);
    r.figures['problems'] = total(t, 'problems');
    r.figures['escalated'] = total(t, 'escalated');
    r.figures['reopened'] = total(t, 'reopened');
    for (const x of t.rows) r.figures[`${x.group}.meanHoursToResolve`] = round(x.figures['meanHoursToResolve'] ?? 0);
    await r.hold(
      'suppliers.problems',
      t.rows.map((x) => ({
        subject: x.group,
        value: x.figures['problems'] ?? 0,
        action: `Problems with ${x.group.slice(9)} are frequent: review the supplier's fault handling with them and staff the S/P problem desk.`,
      })),
    );
    return r.finish();
  });
}
