import { avg, round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';
import { SUPPLIER_SELECTION } from './support-sp-requisition-management';

/** 1.O.4.1.5 — supplier contacts (type, frequency, outcome) and supplier information kept current. */
export function createSupportSPInterfaceManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.4.1.5', layer: 'S/PRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('partnerContacts', r.since);
    r.figures['orderExchanges'] = total(t, 'orderExchanges');
    r.figures['notifications'] = total(t, 'notifications');
    const noContact = t.rows.filter((x) => !x.figures['hasContact']).map((x) => x.group.slice(9));
    if (noContact.length) r.findings.push(`no contact address for ${noContact.join(', ')}`);
    await r.hold(
      'suppliers.unansweredContacts',
      t.rows.map((x) => ({
        subject: x.group,
        value: (x.figures['unansweredOrders'] ?? 0) + (x.figures['unansweredProblems'] ?? 0),
        action: `${x.group.slice(9)} leaves our requests unanswered: check the interface with them and escalate; new requisitions go to an alternative supplier while it does.`,
        // A supplier that does not answer is passed over by Select Supplier/Partner: addressed to it, it acts.
        addressedTo: SUPPLIER_SELECTION,
      })),
    );
    r.figures['meanExchangesPerSupplier'] = round(avg(r.figures['orderExchanges'], t.rows.length));
    return r.finish({ suppliersWithoutContact: noContact });
  });
}
