import { beforeEach, describe, expect, it } from 'vitest';
import { createSprmSupportReadinessActivities } from '../../../activities/sprm/sprm-support-readiness';
import { useTestStore } from '../../support/store';

const NOW = '2026-03-02T09:00:00.000Z';

const t = useTestStore(NOW, { installedBase: true });
let sprm: ReturnType<typeof createSprmSupportReadinessActivities>;

beforeEach(() => {
  sprm = createSprmSupportReadinessActivities(t.store.ports);
});

const { rows, run } = t;
const actions = (metric: string) =>
  rows('SELECT subject FROM readiness_actions WHERE metric = ? ORDER BY subject', metric);

/** A partner order placed at `placed`, answered `answerHours` later (or never), due at `due`. */
function partnerOrder(id: string, supplier: string, placed: string, answerHours: number | null, due: string | null) {
  run(
    `INSERT INTO partner_orders (id, service_order_id, service_id, customer_id, region, resource_spec_id, quantity, state,
       supplier_id, contract_id, expected_delivery, created_at, updated_at)
     VALUES (?, 'SO-X', 'SVC-X', 'CUST-1002', 'MRS', 'RS-ACCESS-CIRCUIT', 1, 'inProgress', ?, 'SC-BETA-MRS-AC', ?, ?, ?)`,
    id,
    supplier,
    due,
    placed,
    placed,
  );
  run(`INSERT INTO partner_order_events (partner_order_id, kind, at) VALUES (?, 'placed', ?)`, id, placed);
  if (answerHours !== null)
    run(
      `INSERT INTO partner_order_events (partner_order_id, kind, at) VALUES (?, 'acknowledged', ?)`,
      id,
      new Date(Date.parse(placed) + answerHours * 3_600_000).toISOString(),
    );
}

describe('1.O.4.1.1 supportSPRequisitionManagement', () => {
  it("measures each supplier's response time and delays, and watches contracts coming to an end", async () => {
    partnerOrder('PO-1', 'SUP-BETA', '2026-02-01T00:00:00.000Z', 60, '2026-02-20T00:00:00.000Z');
    partnerOrder('PO-2', 'SUP-BETA', '2026-02-05T00:00:00.000Z', 80, '2026-04-01T00:00:00.000Z');
    run(`UPDATE supplier_contracts SET valid_until = '2026-04-01' WHERE id = 'SC-ALPHA-MRS-AC'`);
    const out = await sprm.supportSPRequisitionManagement({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ late: 1, 'supplier:SUP-BETA.meanResponseHours': 70 });
    expect(actions('suppliers.meanResponseHours')).toEqual([{ subject: 'supplier:SUP-BETA' }]);
    expect(actions('suppliers.lateOrders')).toEqual([{ subject: 'supplier:SUP-BETA' }]);
    expect(actions('suppliers.contractDaysLeft')).toEqual([{ subject: 'supplier:SUP-ALPHA' }]);
  });
});

describe('1.O.4.1.2 supportSPProblemReportingAndManagement', () => {
  it('counts problems per supplier and their time to resolve', async () => {
    for (let i = 0; i < 4; i++)
      run(
        `INSERT INTO partner_problems (id, service_problem_id, service_id, customer_id, supplier_id, requisition_id, resource_id,
           description, state, reported_at, resolved_at, updated_at)
         VALUES (?, 'SP-X', 'SVC-IB06-1', 'CUST-1002', 'SUP-ALPHA', 'PO-IB06-AC', 'AC-MRS-ALPHA-IB06', 'down', 'resolved', ?, ?, ?)`,
        `PP-${i}`,
        '2026-02-10T00:00:00.000Z',
        '2026-02-10T06:00:00.000Z',
        NOW,
      );
    const out = await sprm.supportSPProblemReportingAndManagement({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ problems: 4, 'supplier:SUP-ALPHA.meanHoursToResolve': 6 });
    expect(actions('suppliers.problems')).toEqual([{ subject: 'supplier:SUP-ALPHA' }]);
  });
});

describe('1.O.4.1.3 supportSPPerformanceManagement', () => {
  it('counts the periods a supplier missed its SLA', async () => {
    run(
      `INSERT INTO supplier_performance (supplier_id, period_start, period_end, supplied_resources, problems, resolved, escalations,
         downtime_minutes, availability_bp, sla_bp, sla_met, measured_at)
       VALUES ('SUP-ALPHA', '2026-02-01', '2026-02-28', 1, 2, 2, 0, 300, 9930, 9990, 0, ?)`,
      NOW,
    );
    const out = await sprm.supportSPPerformanceManagement({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ slaBreaches: 1, 'supplier:SUP-ALPHA.meanAvailabilityBp': 9930 });
    expect(actions('suppliers.slaBreaches')).toEqual([{ subject: 'supplier:SUP-ALPHA' }]);
  });
});

describe('1.O.4.1.4 supportSPSettlementsAndBillingManagement', () => {
  it('computes what is owed for what suppliers delivered, and raises an action on open disputes', async () => {
    partnerOrder('PO-9', 'SUP-BETA', '2026-02-01T00:00:00.000Z', 2, null);
    run(`UPDATE partner_orders SET state = 'accepted' WHERE id = 'PO-9'`); // delivered and accepted (1.F.4.2.4): payable
    const invoiceCols = (
      rows('PRAGMA table_info(supplier_invoices)') as Array<{
        name: string;
        notnull: number;
        dflt_value: unknown;
        type: string;
      }>
    ).filter((c) => c.notnull && c.dflt_value === null);
    const invoice: Record<string, unknown> = { id: 'SI-1', supplier_id: 'SUP-BETA', state: 'disputed' };
    for (const c of invoiceCols) if (!(c.name in invoice)) invoice[c.name] = c.type === 'INTEGER' ? 0 : '2026-02';
    const keys = Object.keys(invoice);
    run(
      `INSERT INTO supplier_invoices (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      ...keys.map((k) => invoice[k]),
    );
    run(
      `INSERT INTO supplier_disputes (id, invoice_id, amount_minor, reason, state, created_at) VALUES ('SD-1', 'SI-1', 1000, 'overbilled', 'open', ?)`,
      NOW,
    );
    const out = await sprm.supportSPSettlementsAndBillingManagement({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ payableMinor: 27_500, disputes: 1 });
    expect(actions('suppliers.disputes')).toEqual([{ subject: 'supplier:SUP-BETA' }]);
  });
});

describe('1.O.4.1.5 supportSPInterfaceManagement', () => {
  it('counts exchanges with each supplier and raises an action when requests stay unanswered', async () => {
    for (const id of ['PO-A', 'PO-B', 'PO-C']) partnerOrder(id, 'SUP-ALPHA', '2026-02-25T00:00:00.000Z', null, null);
    const out = await sprm.supportSPInterfaceManagement({ runId: 'RUN-1' });

    expect(out.figures['orderExchanges']).toBeGreaterThanOrEqual(3);
    expect(actions('suppliers.unansweredContacts')).toEqual([{ subject: 'supplier:SUP-ALPHA' }]);
  });
});
