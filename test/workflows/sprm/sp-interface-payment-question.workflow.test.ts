import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { SupplierRequestInput } from '../../../src/domain/lifecycle/partner-interaction';
import type { partnerInteraction } from '../../../workflows/sprm/sp-interface-management';
import { activityTypes } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

/** S/PRM alone, over the installed base (Alpha's Marseille circuit, PO-IB06-AC, is in service). */
const sprmOnly = { layers: ['sprm'] as const, installedBase: true };

const ask = (rt: TestRuntime, workflowId: string, input: SupplierRequestInput) =>
  rt.client.workflow.execute<typeof partnerInteraction>('partnerInteraction', {
    taskQueue: rt.queue('sprm'),
    workflowId,
    args: [input],
  });

describe('1.FAB.4.6.1 routes a payment question to S/P Settlements & Billing Management, which answers it', () => {
  it('an invoice we have not received: 1.B.4.5 is started, its account answers, the request is answered', async () => {
    await withWorkers(async (rt) => {
      const id = rt.id('spi-payment');
      const out = await ask(rt, id, {
        supplierId: 'SUP-ALPHA',
        topic: 'payment',
        reference: 'ALPHA-INV-2026-11',
        question: 'When will invoice ALPHA-INV-2026-11 be paid?',
        channel: 'portal',
      });
      const child = `partnerSettlement/question/${out.request.id}`;
      const answer = {
        answeredBy: '1.B.4.5.1',
        reference: 'ALPHA-INV-2026-11',
        resources: ['AC-MRS-ALPHA-IB06'],
        expectedMinorPerPeriod: 32_000,
        invoices: [],
        received: false,
      };
      expect(out.answeredBy).toEqual({ workflowId: child, answer });
      expect(out.request).toMatchObject({ status: 'answered', routedTo: '1.B.4.5', answer });

      // The store: the request is answered by 1.B.4.5.1's account and the supplier was sent it.
      const row = rt.store.db
        .prepare('SELECT status, routed_to, answer FROM supplier_requests WHERE id = ?')
        .get(out.request.id) as { status: string; routed_to: string; answer: string };
      expect({ ...row, answer: JSON.parse(row.answer) }).toEqual({ status: 'answered', routed_to: '1.B.4.5', answer });
      const sent = rt.store.db
        .prepare('SELECT recipient, body FROM notifications WHERE reference = ? ORDER BY rowid')
        .all(out.request.id) as Array<{ recipient: string; body: string }>;
      expect(sent.map((n) => n.body)).toEqual([
        'Passed to process 1.B.4.5; we will come back to you.',
        JSON.stringify(answer),
      ]);
      // Nothing was recorded for a settlement period: a question settles nothing.
      expect(rt.store.db.prepare('SELECT COUNT(*) FROM supplier_usage').pluck().get()).toBe(0);

      // The history: 1.FAB.4.6.1 started the 1.B.4.5 workflow, whose 1.B.4.5.1 answered.
      const history = await rt.client.workflow.getHandle(id).fetchHistory();
      const started = (history.events ?? []).find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
      expect(started?.startChildWorkflowExecutionInitiatedEventAttributes).toMatchObject({
        workflowId: child,
        workflowType: { name: 'partnerSettlement' },
      });
      expect(await activityTypes(rt, child)).toEqual(['manageSPAccount']);
      expect((await traceProcesses(rt.client, child)).map((p) => p.etomId)).toEqual(['1.B.4.5.1']);
    }, sprmOnly);
  });

  it('a question the store answers (what we owe for delivered requisitions) starts nothing', async () => {
    await withWorkers(async (rt) => {
      const id = rt.id('spi-payment-known');
      const out = await ask(rt, id, {
        supplierId: 'SUP-ALPHA',
        topic: 'payment',
        reference: null,
        question: 'What do you owe us?',
      });
      expect(out.request).toMatchObject({ status: 'answered', routedTo: null });
      expect(out.answeredBy).toBeNull();
      const history = await rt.client.workflow.getHandle(id).fetchHistory();
      expect((history.events ?? []).some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toBe(false);
    }, sprmOnly);
  });
});
