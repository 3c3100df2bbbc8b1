import { ratePerRow, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** 1.O.1.1.7 — sales trends per channel and segment: successes, failures, revenue. */
export function createSupportSelling(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.7', layer: 'CRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('salesChannels', r.since);
    r.figures['orders'] = total(t, 'orders');
    r.figures['completed'] = total(t, 'completed');
    r.figures['recurringRevenueMinor'] = total(t, 'recurringRevenueMinor');
    await r.hold(
      'sales.successRate',
      ratePerRow(
        t.rows,
        'completed',
        'orders',
        (x) =>
          `Few sales through ${x.group.slice(8)} complete: train that channel's staff or move the segment to another channel.`,
      ),
    );
    return r.finish();
  });
}
