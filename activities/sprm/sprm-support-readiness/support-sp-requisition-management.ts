import { round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** Select Supplier/Partner (1.F.4.2.1): the process that places new requisitions elsewhere. */
export const SUPPLIER_SELECTION = '1.F.4.2.1';

/**
 * 1.O.4.1.1 — requisition trends per supplier (answers, response time, delays), and contract
 * details kept current (contracts about to end).
 */
export function createSupportSPRequisitionManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.4.1.1', layer: 'S/PRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('requisitions', r.since);
    r.figures['partnerOrders'] = total(t, 'orders');
    r.figures['refused'] = total(t, 'refused');
    r.figures['late'] = total(t, 'late');
    for (const x of t.rows) r.figures[`${x.group}.meanResponseHours`] = round(x.figures['meanResponseHours'] ?? 0);
    await r.hold(
      'suppliers.meanResponseHours',
      t.rows.map((x) => ({
        subject: x.group,
        value: x.figures['meanResponseHours'] ?? 0,
        action: `${x.group.slice(9)} answers requisitions slowly: agree a response time and escalate through the account manager.`,
      })),
    );
    await r.hold(
      'suppliers.lateOrders',
      t.rows.map((x) => ({
        subject: x.group,
        value: x.figures['late'] ?? 0,
        action: `${x.group.slice(9)} is late on deliveries: chase the orders; new requisitions go to an alternative supplier while it is.`,
        // The alternative supplier is Select Supplier/Partner's to choose: addressed to it, it acts.
        addressedTo: SUPPLIER_SELECTION,
      })),
    );
    // Contract details: what ends within the objective's horizon must be renewed in time.
    const contracts = await ports.operationalTrends.trend('partnerContacts', r.since);
    r.figures['validContracts'] = total(contracts, 'validContracts');
    await r.hold(
      'suppliers.contractDaysLeft',
      contracts.rows.map((x) => ({
        subject: x.group,
        value: Math.max(0, x.figures['minContractDaysLeft'] ?? 0),
        action: `A contract with ${x.group.slice(9)} ends soon or has ended: renegotiate it before ordering under it again.`,
        // Not ordering under it until renewed is Select Supplier/Partner's to do: addressed to it, it
        // places new requisitions elsewhere; renegotiating is S/P relationship development, not operations.
        addressedTo: SUPPLIER_SELECTION,
      })),
    );
    return r.finish();
  });
}
