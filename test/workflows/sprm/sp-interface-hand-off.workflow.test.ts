import { type WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { SupplierRequestInput } from '../../../src/domain/lifecycle/partner-interaction';
import { injectSupplierFault } from '../../../src/simulators/supplier-behaviour';
import { getPartnerProblemQuery } from '../../../workflows/shared/assurance-messages';
import { getPartnerOrderQuery } from '../../../workflows/shared/fulfilment-messages';
import type { partnerInteraction } from '../../../workflows/sprm/sp-interface-management';
import { activityTypes, eventually } from '../../support/fulfilment';
import { circuitOrder } from '../../support/partner-orders';
import { circuitProblem } from '../../support/partner-problems';
import { type TestRuntime, withWorkers } from '../../support/runtime';

/** S/PRM alone, over the installed base (Alpha's Marseille circuit, PO-IB06-AC, is delivered). */
const sprmOnly = { layers: ['sprm'] as const, installedBase: true };

const ask = (rt: TestRuntime, name: string, input: SupplierRequestInput) =>
  rt.client.workflow.execute<typeof partnerInteraction>('partnerInteraction', {
    taskQueue: rt.queue('sprm'),
    workflowId: rt.id(name),
    args: [input],
  });

/** The signals a workflow received, by name, as its history recorded them. */
async function signalsReceived(rt: TestRuntime, workflowId: string): Promise<string[]> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) => e.workflowExecutionSignaledEventAttributes?.signalName ?? []);
}

async function cancelled(handle: WorkflowHandle): Promise<void> {
  await handle.cancel();
  const failure = await handle.result().catch((e: unknown) => e);
  expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
}

describe('1.FAB.4.6.1 passes a supplier’s report to the process that follows it', () => {
  it('a new delivery date reported on the portal reaches the running partner order, which 1.F.4.2.3 records', async () => {
    await withWorkers(async (rt) => {
      // Both suppliers say nothing of their own: the only word on the requisition is the portal's.
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'silent', 1);
      injectSupplierFault(rt.store.db, 'SUP-BETA', 'silent', 1);
      const req = circuitOrder(rt, 'pr-portal', { supplierPollInterval: '1 hour', supplierDeliveryGrace: '90 days' });
      const order = await rt.client.workflow.start('partnerOrder', {
        taskQueue: rt.queue('sprm'),
        workflowId: req.partnerOrderId,
        args: [req],
      });
      const placed = await eventually(
        async () => {
          const view = await order.query(getPartnerOrderQuery);
          return view.state === 'placed' && view.supplierId ? view : undefined;
          // Generous: on a loaded 2-core CI machine the placement once took over 30 s.
        },
        'the requisition placed',
        120_000,
      );

      const newDate = new Date(Date.now() + 40 * 86_400_000).toISOString();
      const { request, handedTo } = await ask(rt, 'spi-date', {
        supplierId: placed.supplierId!,
        topic: 'order',
        reference: req.partnerOrderId,
        question: 'Our delivery moves',
        channel: 'portal',
        report: { about: 'requisition', kind: 'deliveryDateChanged', deliveryDate: newDate, detail: 'fibre works' },
      });
      expect(request).toMatchObject({ status: 'routed', routedTo: '1.F.4.2.3' });
      expect(handedTo).toEqual({ workflowId: req.partnerOrderId, signal: 'supplierReport', delivered: true });

      // The partner order took it and 1.F.4.2.3 recorded it: the new date is in the store.
      await eventually(
        async () =>
          rt.store.db
            .prepare('SELECT expected_delivery FROM partner_orders WHERE id = ?')
            .pluck()
            .get(req.partnerOrderId) === newDate,
        'the new date recorded',
      );
      // The portal's report is the one 1.F.4.2.3 recorded (the supplier's own acknowledgement may come too).
      const changes = rt.store.db
        .prepare("SELECT detail FROM partner_order_events WHERE partner_order_id = ? AND kind = 'deliveryDateChanged'")
        .pluck()
        .all(req.partnerOrderId);
      expect(changes).toEqual([`${newDate} fibre works`]);
      expect(await signalsReceived(rt, req.partnerOrderId)).toContain('supplierReport');
      expect(await activityTypes(rt, req.partnerOrderId)).toContain('placeAndTrackSPRequisition');
      const sent = ((await rt.client.workflow.getHandle(rt.id('spi-date')).fetchHistory()).events ?? []).find(
        (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes,
      );
      expect(sent?.signalExternalWorkflowExecutionInitiatedEventAttributes).toMatchObject({
        signalName: 'supplierReport',
        workflowExecution: { workflowId: req.partnerOrderId },
      });
      await cancelled(order);
    }, sprmOnly);
  });

  it('a supplier’s word on a problem reaches the running partner problem, which 1.A.4.3.2 records', async () => {
    await withWorkers(async (rt) => {
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'silent', 1);
      const partnerProblemId = rt.id('pp-portal');
      const problem = await rt.client.workflow.start('partnerProblem', {
        taskQueue: rt.queue('sprm'),
        workflowId: partnerProblemId,
        args: [
          circuitProblem(rt, 'pp-portal', {
            timings: { supplierResolutionTarget: '1 hour', supplierPollInterval: '1 hour' },
          }),
        ],
      });
      const reference = await eventually(
        async () => (await problem.query(getPartnerProblemQuery)).supplierReference,
        'the problem reported',
      );

      const { request, handedTo } = await ask(rt, 'spi-fix', {
        supplierId: 'SUP-ALPHA',
        topic: 'problem',
        reference,
        question: 'Splice under way',
        channel: 'api',
        report: { about: 'problem', status: 'inProgress', detail: 'team on site, splice under way' },
      });
      expect(request).toMatchObject({ status: 'routed', routedTo: '1.A.4.3.2' });
      expect(handedTo).toMatchObject({ workflowId: partnerProblemId, delivered: true });

      // 1.A.4.3.2 recorded the supplier's word: the problem is in progress in the store.
      await eventually(
        async () =>
          rt.store.db.prepare('SELECT state FROM partner_problems WHERE id = ?').pluck().get(partnerProblemId) ===
          'inProgress',
        'the problem in progress',
      );
      expect(
        rt.store.db
          .prepare('SELECT kind FROM partner_problem_events WHERE partner_problem_id = ? ORDER BY seq')
          .pluck()
          .all(partnerProblemId),
      ).toContain('supplier:inProgress');
      expect(await signalsReceived(rt, partnerProblemId)).toContain('supplierProblemReport');
      expect(await activityTypes(rt, partnerProblemId)).toContain('receiveAndReportSPProblem');
      await cancelled(problem);
    }, sprmOnly);
  });

  it('a report on a requisition that has ended is answered from the store, and signals nothing', async () => {
    await withWorkers(async (rt) => {
      const { request, handedTo } = await ask(rt, 'spi-ended', {
        supplierId: 'SUP-ALPHA',
        topic: 'order',
        reference: 'PO-IB06-AC',
        question: 'Delivered',
        report: { about: 'requisition', kind: 'delivered' },
      });
      expect(request).toMatchObject({ status: 'answered', routedTo: null });
      expect(handedTo).toBeNull();
    }, sprmOnly);
  });
});
