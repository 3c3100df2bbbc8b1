import { describe, expect, it } from 'vitest';
import type { partnerSettlement } from '../../../workflows/sprm/sp-settlements-billing-management';
import { activityTypes } from '../../support/fulfilment';
import { runReadinessOnce, SPRM_READINESS_PROCESSES } from '../../support/readiness';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const disputesAction = (rt: TestRuntime) =>
  rt.store.db
    .prepare(
      `SELECT state, subject, addressed_to AS addressedTo, acted_by AS actedBy, outcome
       FROM readiness_actions WHERE metric = 'suppliers.disputes'`,
    )
    .all() as Array<Record<string, string | null>>;

/**
 * Alpha's invoice of an earlier period bills its Marseille circuit above the contract, and its
 * dispute was left unanswered: the invoice is held, disputed.
 */
function heldInvoice(rt: TestRuntime) {
  const db = rt.store.db;
  db.prepare(
    `INSERT INTO supplier_invoices (id, supplier_id, supplier_reference, period, state, total_minor, expected_minor, received_at)
     VALUES ('SINV-HELD', 'SUP-ALPHA', 'ALPHA-INV-HELD', 'earlier', 'disputed', 33500, 32000, '2026-11-01T00:00:00.000Z')`,
  ).run();
  db.prepare(
    `INSERT INTO supplier_invoice_lines (invoice_id, line_no, reference, description, amount_minor, expected_minor)
     VALUES ('SINV-HELD', 1, 'ALPHA-2026-0601', 'access circuit, Marseille', 33500, 32000)`,
  ).run();
  db.prepare(
    `INSERT INTO supplier_disputes (id, invoice_id, amount_minor, reason, state, resolution, created_at)
     VALUES ('SDSP-HELD', 'SINV-HELD', 1500, 'ALPHA-2026-0601: billed 33500, contract 32000', 'open', NULL, '2026-11-02T00:00:00.000Z')`,
  ).run();
}

describe('1.O.4.1.4 → 1.B.4.5.3: disputed settlements are negotiated again by Negotiate & Approve Invoice', () => {
  it('the action is addressed to 1.B.4.5.3, whose next run puts the open dispute to the supplier again and approves the held invoice', async () => {
    await withWorkers(
      async (rt) => {
        heldInvoice(rt);
        await runReadinessOnce(rt, 'sprm', [...SPRM_READINESS_PROCESSES]);
        expect(disputesAction(rt)).toMatchObject([
          { state: 'open', subject: 'supplier:SUP-ALPHA', addressedTo: '1.B.4.5.3', actedBy: null },
        ]);

        // The next settlement cycle: 1.B.4.5.3 negotiates this period's invoice, then the open dispute again.
        const id = rt.id('partnerSettlement');
        const out = await rt.client.workflow.execute<typeof partnerSettlement>('partnerSettlement', {
          taskQueue: rt.queue('sprm'),
          workflowId: id,
          args: [{ period: id }],
        });
        expect(out.suppliers).toMatchObject([{ supplierId: 'SUP-ALPHA', disputeState: 'accepted', paidMinor: 32_000 }]);
        expect(await activityTypes(rt, id)).toContain('negotiateAndApproveSPInvoice');
        expect(
          rt.store.db.prepare(`SELECT state, resolution FROM supplier_disputes WHERE id = 'SDSP-HELD'`).get(),
        ).toEqual({
          state: 'accepted',
          resolution: 'supplier concedes the contract price when asked again; credit note to follow',
        });
        expect(
          rt.store.db.prepare(`SELECT state, approved_minor FROM supplier_invoices WHERE id = 'SINV-HELD'`).get(),
        ).toEqual({ state: 'approved', approved_minor: 32_000 });
        expect(disputesAction(rt)).toMatchObject([
          { state: 'open', actedBy: '1.B.4.5.3', outcome: 'negotiated again: SDSP-HELD accepted' },
        ]);

        // No dispute left open: the next readiness run closes the action.
        await rt.client.workflow.execute('sprmReadiness', {
          taskQueue: rt.queue('sprm'),
          workflowId: rt.id('sprm-readiness-again'),
          args: [{ windowDays: 30 }],
        });
        expect(disputesAction(rt)).toMatchObject([{ state: 'done', actedBy: '1.B.4.5.3' }]);
      },
      { installedBase: true, layers: ['sprm'] },
    );
  }, 180_000);
});
