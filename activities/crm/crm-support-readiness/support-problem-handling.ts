import { round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

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
    await r.hold(
      'problems.perRegion',
      t.rows.map((x) => ({ subject: x.group, value: x.figures['tickets'] ?? 0, action: capacity(x) })),
    );
    await r.hold(
      'problems.meanHoursToResolve',
      t.rows
        .filter((x) => (x.figures['resolved'] ?? 0) > 0)
        .map((x) => ({ subject: x.group, value: x.figures['meanHoursToResolve'] ?? 0, action: capacity(x) })),
    );
    return r.finish({ regions: t.rows.map((x) => x.group) });
  });
}
