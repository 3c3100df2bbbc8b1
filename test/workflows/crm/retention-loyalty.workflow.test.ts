import { describe, expect, it } from 'vitest';
import { LifecycleTimings } from '../../../src/domain/lifecycle/timings';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { customerRelationship } from '../../../workflows/crm/retention-loyalty';
import { getCustomerRelationshipQuery, satisfactionAnswerSignal } from '../../../workflows/shared/lifecycle-messages';
import type { RelationshipTrigger } from '../../../src/domain/lifecycle/relationship';
import { eventually } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const start = (rt: TestRuntime, customerId: string, trigger: RelationshipTrigger, name: string) =>
  rt.client.workflow.start<typeof customerRelationship>('customerRelationship', {
    taskQueue: rt.queue('crm'),
    workflowId: rt.id(name),
    args: [{ customerId, trigger, timings: LifecycleTimings.parse({ surveyWait: '30 seconds' }) }],
  });

describe('customerRelationship (1.FAB.1.9 Retention & Loyalty) on the CRM queue', () => {
  it('a customer whose risk crosses the threshold gets a retention offer; one below it does not', async () => {
    await withWorkers(
      async (rt) => {
        const [late, fine] = await Promise.all([
          start(rt, 'CUST-1004', { kind: 'riskReview' }, 'risk-late'),
          start(rt, 'CUST-1005', { kind: 'riskReview' }, 'risk-fine'),
        ]);
        const [atRisk, retained] = await Promise.all([late.result(), fine.result()]);

        expect(atRisk.risk).toMatchObject({ score: 50, atRisk: true, mainFactor: 'payment' });
        expect(atRisk.retentionOfferId).not.toBeNull();
        expect(
          rt.store.db
            .prepare('SELECT kind, customer_id FROM retention_offers WHERE id = ?')
            .get(atRisk.retentionOfferId),
        ).toEqual({ kind: 'paymentPlan', customer_id: 'CUST-1004' });
        expect(retained.risk).toMatchObject({ score: 0, atRisk: false });
        expect(retained.retentionOfferId).toBeNull();
        expect(
          rt.store.db.prepare("SELECT COUNT(*) FROM retention_offers WHERE customer_id = 'CUST-1005'").pluck().get(),
        ).toBe(0);

        expect((await traceProcesses(rt.client, late.workflowId)).map((p) => p.etomId)).toEqual([
          '1.FAB.1.2.3',
          '1.FAB.1.9.2',
          '1.FAB.1.9.3',
          '1.FAB.1.9.4',
        ]);
        expect((await traceProcesses(rt.client, fine.workflowId)).map((p) => p.etomId)).toEqual([
          '1.FAB.1.2.3',
          '1.FAB.1.9.2',
          '1.FAB.1.9.3',
        ]);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });

  it('after a problem is closed, a dissatisfied answer raises the risk; the last product ceased keeps the relationship and weighs the risk again', async () => {
    await withWorkers(
      async (rt) => {
        const now = new Date().toISOString();
        rt.store.db
          .prepare(
            `INSERT INTO trouble_tickets (id, origin, customer_id, description, urgency, state, created_at, updated_at)
             VALUES ('TT-R1', 'customer', 'CUST-1005', 'no sync', 'high', 'closed', ?, ?)`,
          )
          .run(now, now);
        const h = await start(rt, 'CUST-1005', { kind: 'problemClosed', ticketId: 'TT-R1' }, 'problem-closed');
        const surveyId = await eventually(
          async () => (await h.query(getCustomerRelationshipQuery)).surveyId ?? undefined,
          'the survey',
        );
        await h.signal(satisfactionAnswerSignal, { surveyId, score: 1, comment: 'three days down' });
        const view = await h.result();
        // Troubles 1/5 × 20 = 4, dissatisfied (5 − 1)/4 × 15 = 15: 19.
        expect(view.satisfaction).toEqual({ score: 1, dissatisfied: true, state: 'answered' });
        expect(view.risk).toMatchObject({ score: 19, atRisk: false, mainFactor: 'dissatisfied' });

        // The relationship, established on the delivered product, outlives it: 1.FAB.1.9.1's
        // text tells ending the relationship apart from ceasing all its services.
        const established = await start(rt, 'CUST-1005', { kind: 'orderCompleted', orderId: 'ORD-IB04' }, 'est');
        const s2 = await eventually(
          async () => (await established.query(getCustomerRelationshipQuery)).surveyId ?? undefined,
          'survey',
        );
        await established.signal(satisfactionAnswerSignal, { surveyId: s2, score: 5 });
        expect((await established.result()).relationship).toBe('established');
        rt.store.db.prepare("UPDATE products SET status = 'terminated' WHERE customer_id = 'CUST-1005'").run();
        const ceased = await start(rt, 'CUST-1005', { kind: 'productCeased', productId: 'P-IB04' }, 'ceased');
        expect((await ceased.result()).relationship).toBe('established');
        expect(
          rt.store.db.prepare("SELECT state FROM customer_relationships WHERE customer_id = 'CUST-1005'").all(),
        ).toEqual([{ state: 'established' }]);
        // A customer left with nothing is a churn risk: weighed again, not let go.
        expect((await traceProcesses(rt.client, ceased.workflowId)).map((p) => p.etomId).slice(0, 4)).toEqual([
          '1.FAB.1.9.1',
          '1.FAB.1.2.3',
          '1.FAB.1.9.2',
          '1.FAB.1.9.3',
        ]);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });
});
