import { ratePerRow, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** 1.O.1.1.4 — billing trends (inquiries, complaints) against the accounts billed, per region. */
export function createSupportBillingAndCollections(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.4', layer: 'CRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('billingInquiries', r.since);
    r.figures['accounts'] = total(t, 'accounts');
    r.figures['inquiries'] = total(t, 'inquiries');
    r.figures['complaints'] = total(t, 'complaints');
    await r.hold(
      'billing.inquiryRate',
      ratePerRow(
        t.rows,
        'inquiries',
        'accounts',
        (x) =>
          `Billing inquiries in ${x.group.slice(7)} are frequent (${x.figures['complaints']} complaints): add billing agents and publish answers to the common questions.`,
      ),
    );
    return r.finish({ sources: t.sources });
  });
}
