import { ratePerRow } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** 1.O.1.1.6 — marketing trends: problems and effectiveness of each offering's launch. */
export function createSupportMarketingFulfillment(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.6', layer: 'CRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('offeringOrders', r.since);
    for (const x of t.rows) r.figures[`${x.group}.orders`] = x.figures['orders'] ?? 0;
    const idle = t.rows.filter((x) => (x.figures['orders'] ?? 0) === 0).map((x) => x.group.slice(9));
    if (idle.length) r.findings.push(`offerings without orders in the window: ${idle.join(', ')}`);
    await r.hold(
      'marketing.failureRate',
      ratePerRow(
        t.rows,
        'failed',
        'orders',
        (x) => `Orders for ${x.group.slice(9)} often fail: review the offer's launch material and what sales promise.`,
      ),
    );
    return r.finish({ idleOfferings: idle });
  });
}
