import { round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** Manage Workforce (1.O.3.1.6, RM&O): the process that can add technicians to a region. */
export const WORKFORCE = '1.O.3.1.6';

/** 1.O.1.1.3 — problem handling trends (type, frequency, time to resolve) and technician capacity per region. */
export function createSupportProblemHandling(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.3', layer: 'CRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('troubleTickets', r.since);
    r.figures['tickets'] = total(t, 'tickets');
    r.figures['urgent'] = total(t, 'urgent');
    r.figures['resolved'] = total(t, 'resolved');
    for (const x of t.rows) {
      r.figures[`${x.group}.tickets`] = x.figures['tickets'] ?? 0;
      r.figures[`${x.group}.meanHoursToResolve`] = round(x.figures['meanHoursToResolve'] ?? 0);
    }
    const capacity = (x: (typeof t.rows)[number]) =>
      `More technician capacity for ${x.group.slice(7)}: ${x.figures['tickets']} tickets for ${x.figures['technicians']} technician(s) available.`;
    // Technician capacity is Manage Workforce's (1.O.3.1.6): the action is addressed to it, and it acts.
    const toWorkforce = { addressedTo: WORKFORCE };
    await r.hold(
      'problems.perRegion',
      t.rows.map((x) => ({ subject: x.group, value: x.figures['tickets'] ?? 0, action: capacity(x), ...toWorkforce })),
    );
    await r.hold(
      'problems.meanHoursToResolve',
      t.rows
        .filter((x) => (x.figures['resolved'] ?? 0) > 0)
        .map((x) => ({
          subject: x.group,
          value: x.figures['meanHoursToResolve'] ?? 0,
          action: capacity(x),
          ...toWorkforce,
        })),
    );
    return r.finish({ regions: t.rows.map((x) => x.group) });
  });
}
