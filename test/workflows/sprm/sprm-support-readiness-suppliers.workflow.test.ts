import { describe, expect, it } from 'vitest';
import type { PartnerOrderResult } from '../../../src/domain/fulfilment/partner-order';
import { circuitOrder } from '../../support/partner-orders';
import { runReadinessOnce } from '../../support/readiness';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const PROCESSES = ['1.O.4.1.1', '1.O.4.1.2', '1.O.4.1.3', '1.O.4.1.4', '1.O.4.1.5'];
const DAY_MS = 86_400_000;
/** Twenty supplier days per second: the partner orders are delivered within seconds. */
const FAST_SUPPLIERS = { layers: ['sprm'] as const, supplierSpeed: 20 * 86_400 };

const buy = async (rt: TestRuntime, name: string) => {
  const req = circuitOrder(rt, name);
  return (await rt.client.workflow.execute('partnerOrder', {
    taskQueue: rt.queue('sprm'),
    workflowId: req.partnerOrderId,
    args: [req],
  })) as PartnerOrderResult;
};

/** The readiness actions on a metric, with whom they are addressed to and what was done. */
const actionsOn = (rt: TestRuntime, metric: string) =>
  rt.store.db
    .prepare(
      `SELECT id, state, subject, addressed_to AS addressedTo, acted_by AS actedBy, outcome
       FROM readiness_actions WHERE metric = ?`,
    )
    .all(metric) as Array<Record<string, string | null>>;
const lateAction = (rt: TestRuntime) => actionsOn(rt, 'suppliers.lateOrders');

describe('1.O.4.1.1 → 1.F.4.2.1: a supplier late on its deliveries is passed over while it is', () => {
  it('the readiness action is addressed to Select Supplier/Partner, which places new requisitions elsewhere until it closes', async () => {
    await withWorkers(async (rt) => {
      // Alpha has a Marseille order two days past its expected delivery, still not delivered.
      const now = Date.now();
      rt.store.db
        .prepare(
          `INSERT INTO partner_orders (id, service_order_id, service_id, customer_id, region, resource_spec_id, quantity,
             state, supplier_id, contract_id, expected_delivery, created_at, updated_at)
           VALUES (?, 'SO-late', 'SVC-late', 'CUST-1002', 'MRS', 'RS-ACCESS-CIRCUIT', 1, 'placed', 'SUP-ALPHA',
             'SC-ALPHA-MRS-AC', ?, ?, ?)`,
        )
        .run(
          rt.id('late'),
          new Date(now - 2 * DAY_MS).toISOString(),
          new Date(now - 10 * DAY_MS).toISOString(),
          new Date(now - 10 * DAY_MS).toISOString(),
        );

      await runReadinessOnce(rt, 'sprm', PROCESSES);
      expect(lateAction(rt)).toMatchObject([
        { state: 'open', subject: 'supplier:SUP-ALPHA', addressedTo: '1.F.4.2.1', actedBy: null },
      ]);

      // 1.F.4.2.1 acts: the next circuit is bought from Beta and delivered, and the action says so.
      const first = await buy(rt, 'pr-elsewhere');
      expect(first).toMatchObject({ state: 'accepted', supplierId: 'SUP-BETA' });
      const [acted] = lateAction(rt);
      expect(acted).toMatchObject({
        actedBy: '1.F.4.2.1',
        outcome: `${rt.id('pr-elsewhere')} placed with SUP-BETA instead of SUP-ALPHA`,
      });
      // While the action stands, every new requisition goes elsewhere; the action keeps its first record.
      expect(await buy(rt, 'pr-elsewhere-2')).toMatchObject({ supplierId: 'SUP-BETA' });
      expect(lateAction(rt)).toEqual([acted]);

      // Alpha delivers the late order: the next run closes the action and Alpha wins again.
      rt.store.db.prepare(`UPDATE partner_orders SET state = 'cancelled' WHERE id = ?`).run(rt.id('late'));
      await rt.client.workflow.execute('sprmReadiness', {
        taskQueue: rt.queue('sprm'),
        workflowId: rt.id('sprm-readiness-again'),
        args: [{ windowDays: 30 }],
      });
      expect(lateAction(rt)).toMatchObject([{ state: 'done', actedBy: '1.F.4.2.1' }]);
      expect(await buy(rt, 'pr-alpha-again')).toMatchObject({ state: 'accepted', supplierId: 'SUP-ALPHA' });
    }, FAST_SUPPLIERS);
  }, 180_000);
});

const contractAction = (rt: TestRuntime) => actionsOn(rt, 'suppliers.contractDaysLeft');

describe('1.O.4.1.1 → 1.F.4.2.1: a supplier whose contract ends soon is not ordered from until it is renewed', () => {
  it('the action is addressed to Select Supplier/Partner, which orders elsewhere until the renewed contract closes it', async () => {
    await withWorkers(async (rt) => {
      // Alpha's Marseille circuit contract ends in 30 days (objective: 90 days ahead); Beta's runs to 2028.
      const ends = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
      const renew = rt.store.db.prepare(`UPDATE supplier_contracts SET valid_until = ? WHERE id = 'SC-ALPHA-MRS-AC'`);
      renew.run(ends(30));

      await runReadinessOnce(rt, 'sprm', PROCESSES);
      expect(contractAction(rt)).toMatchObject([
        { state: 'open', subject: 'supplier:SUP-ALPHA', addressedTo: '1.F.4.2.1', actedBy: null },
      ]);

      // 1.F.4.2.1 acts: the circuit Alpha would have won is bought from Beta, and the action says so.
      expect(await buy(rt, 'pr-renewal')).toMatchObject({ state: 'accepted', supplierId: 'SUP-BETA' });
      expect(contractAction(rt)).toMatchObject([
        { actedBy: '1.F.4.2.1', outcome: `${rt.id('pr-renewal')} placed with SUP-BETA instead of SUP-ALPHA` },
      ]);

      // Renewed for two years: the next run closes the action and Alpha is ordered from again.
      renew.run(ends(730));
      await rt.client.workflow.execute('sprmReadiness', {
        taskQueue: rt.queue('sprm'),
        workflowId: rt.id('sprm-readiness-renewed'),
        args: [{ windowDays: 30 }],
      });
      expect(contractAction(rt)).toMatchObject([{ state: 'done', actedBy: '1.F.4.2.1' }]);
      expect(await buy(rt, 'pr-alpha-renewed')).toMatchObject({ state: 'accepted', supplierId: 'SUP-ALPHA' });
    }, FAST_SUPPLIERS);
  }, 180_000);
});

describe('1.O.4.1.5 → 1.F.4.2.1: a supplier that leaves our requests unanswered is passed over while it does', () => {
  it('the action is addressed to Select Supplier/Partner, which orders elsewhere until the supplier answers', async () => {
    await withWorkers(async (rt) => {
      // Three problems reported to Alpha this week, none acknowledged (objective: at most two unanswered).
      const reported = new Date(Date.now() - 3 * DAY_MS).toISOString();
      const problem = rt.store.db.prepare(
        `INSERT INTO partner_problems (id, service_problem_id, service_id, customer_id, supplier_id, requisition_id, resource_id,
           description, state, reported_at, updated_at)
         VALUES (?, ?, 'SVC-quiet', 'CUST-1002', 'SUP-ALPHA', 'PO-quiet', 'AC-quiet', 'loss of signal', 'reported', ?, ?)`,
      );
      for (const n of [1, 2, 3]) problem.run(rt.id(`PP-quiet-${n}`), rt.id(`SP-quiet-${n}`), reported, reported);
      const unanswered = () => actionsOn(rt, 'suppliers.unansweredContacts');

      await runReadinessOnce(rt, 'sprm', PROCESSES);
      expect(unanswered()).toMatchObject([
        { state: 'open', subject: 'supplier:SUP-ALPHA', addressedTo: '1.F.4.2.1', actedBy: null },
      ]);
      expect(await buy(rt, 'pr-answering')).toMatchObject({ state: 'accepted', supplierId: 'SUP-BETA' });
      expect(unanswered()).toMatchObject([
        { actedBy: '1.F.4.2.1', outcome: `${rt.id('pr-answering')} placed with SUP-BETA instead of SUP-ALPHA` },
      ]);

      // Alpha acknowledges them: the next run closes the action and Alpha wins again.
      rt.store.db.prepare(`UPDATE partner_problems SET state = 'acknowledged' WHERE supplier_id = 'SUP-ALPHA'`).run();
      await rt.client.workflow.execute('sprmReadiness', {
        taskQueue: rt.queue('sprm'),
        workflowId: rt.id('sprm-readiness-answered'),
        args: [{ windowDays: 30 }],
      });
      expect(unanswered()).toMatchObject([{ state: 'done', actedBy: '1.F.4.2.1' }]);
      expect(await buy(rt, 'pr-alpha-answers')).toMatchObject({ state: 'accepted', supplierId: 'SUP-ALPHA' });
    }, FAST_SUPPLIERS);
  }, 180_000);
});
