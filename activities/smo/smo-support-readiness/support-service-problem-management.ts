import { round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** Support Resource Trouble Management (1.O.3.1.3, RM&O): the process that maintains the resources. */
export const RESOURCE_MAINTENANCE = '1.O.3.1.3';

/** 1.O.2.1.3 — statistical analysis of service problems per class, chronic failures, corrective action. */
export function createSupportServiceProblemManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.2.1.3', layer: 'SM&O' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('serviceProblems', r.since);
    r.figures['problems'] = total(t, 'problems', 'class:');
    r.figures['open'] = total(t, 'open', 'class:');
    for (const x of t.rows.filter((y) => y.group.startsWith('class:'))) {
      r.figures[`${x.group}.problems`] = x.figures['problems'] ?? 0;
      r.figures[`${x.group}.meanHoursToRestore`] = round(x.figures['meanHoursToRestore'] ?? 0);
    }
    const chronic = await r.hold(
      'services.chronicProblems',
      t.rows
        .filter((x) => x.group.startsWith('service:'))
        .map((x) => ({
          subject: x.group,
          value: x.figures['problems'] ?? 0,
          action: `${x.group.slice(8)} fails again and again: schedule maintenance of the resources behind it and analyse the chronic failure.`,
          // Maintenance of the resources is RM&O's (1.O.3.1.3): the action is addressed to it, and it acts.
          addressedTo: RESOURCE_MAINTENANCE,
        })),
    );
    return r.finish({ chronic: chronic.map((c) => c.subject) });
  });
}
