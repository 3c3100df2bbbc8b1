import { total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** Negotiate & Approve Invoice (1.B.4.5.3): the process disputed settlements are addressed to. */
export const INVOICE_NEGOTIATION = '1.B.4.5.3';

/** 1.O.4.1.4 — settlement trends per supplier: what we owe, revenue shares, disputes. */
export function createSupportSPSettlementsAndBillingManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.4.1.4', layer: 'S/PRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('settlements', r.since);
    r.figures['payableMinor'] = total(t, 'payableMinor');
    r.figures['revenueShareContracts'] = total(t, 'revenueShareContracts');
    r.figures['settlements'] = total(t, 'settlements');
    r.figures['disputes'] = total(t, 'disputes');
    await r.hold(
      'suppliers.disputes',
      t.rows.map((x) => ({
        subject: x.group,
        value: x.figures['disputes'] ?? 0,
        action: `Settlements with ${x.group.slice(9)} are disputed: settle the common issues and add settlement staff.`,
        // The disputes are Negotiate & Approve Invoice's to settle: addressed to it, it puts them to the supplier again.
        addressedTo: INVOICE_NEGOTIATION,
      })),
    );
    return r.finish({ sources: t.sources });
  });
}
