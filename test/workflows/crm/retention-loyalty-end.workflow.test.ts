import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { customerRelationship } from '../../../workflows/crm/retention-loyalty';
import { rowsOf } from '../../support/assurance';
import { withWorkers } from '../../support/runtime';

/**
 * #13, 1.FAB.1.9.1: ending a relationship dismantles what it holds through SM&O cease orders
 * (serviceOrder 'delete', children on the SM&O queue), which give the resources back, then ends it.
 */
describe('customerRelationship: the customer leaves (relationshipEnded)', () => {
  it('ceases each service still in place through SM&O, gives its identifiers back, then ends the relationship', async () => {
    await withWorkers(
      async (rt) => {
        await rt.store.ports.customerRelationships.establish(
          'test/establish',
          'CUST-1005',
          'admin@bernard-avocats.example',
          new Date().toISOString(),
        );
        const services = ['SVC-IB04-1', 'SVC-IB04-2'];
        expect(rowsOf(rt, `SELECT state, service_id FROM resources WHERE id = 'IP-LYO-0'`)).toEqual([
          { state: 'inService', service_id: 'SVC-IB04-2' },
        ]);

        const h = await rt.client.workflow.start<typeof customerRelationship>('customerRelationship', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('leaves'),
          args: [{ customerId: 'CUST-1005', trigger: { kind: 'relationshipEnded', reason: 'moving abroad' } }],
        });
        const view = await h.result();

        expect(view.ceased).toEqual(
          services.map((serviceId, i) => ({
            serviceId,
            serviceOrderId: `SO-IB04-${i + 1}/cease`,
            state: 'completed',
            reason: null,
          })),
        );
        expect(view.relationship).toBe('terminated');
        // SM&O ceased both services.
        expect(rowsOf(rt, `SELECT state FROM services WHERE id IN ('SVC-IB04-1', 'SVC-IB04-2')`)).toEqual([
          { state: 'terminated' },
          { state: 'terminated' },
        ]);
        // SM&O's own part of the cease: the service's identifiers go back to their pool. (RM&O's
        // network resources of the installed base, which no resource order delivered, stay as
        // they are: that is the SM&O cease path's, unchanged here.)
        expect(rowsOf(rt, `SELECT state, service_id FROM resources WHERE id = 'IP-LYO-0'`)).toEqual([
          { state: 'available', service_id: null },
        ]);
        expect(rowsOf(rt, `SELECT state, reason FROM customer_relationships WHERE customer_id = 'CUST-1005'`)).toEqual([
          { state: 'terminated', reason: 'moving abroad' },
        ]);
        // In the history: 1.FAB.1.9.1 dismantles, a cease order per service runs as a child, 1.FAB.1.9.1 ends.
        const history = (await h.fetchHistory()).events ?? [];
        const children = history
          .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)
          .filter((a) => !!a)
          .map((a) => a.workflowType?.name);
        expect(children).toEqual(['serviceOrder', 'serviceOrder']);
        // The flow: 1.FAB.1.9.1 first and last, SM&O's cease (1.F.2.2.1 plan, .2 identifiers back, .6) between.
        const trace = (await traceProcesses(rt.client, h.workflowId)).map((p) => p.etomId);
        expect([trace[0], trace.at(-1)]).toEqual(['1.FAB.1.9.1', '1.FAB.1.9.1']);
        for (const id of ['1.F.2.2.1', '1.F.2.2.2', '1.F.2.2.6']) expect(trace, id).toContain(id);
      },
      { installedBase: true },
    );
  });
});

describe('one identity per customer (#13, 1.FAB.1.9.1)', () => {
  it('an e-mail change frees no identity: another customer taking the old address is refused a relationship', async () => {
    await withWorkers(
      async (rt) => {
        const { customerRelationships, sales } = rt.store.ports;
        const dupontsAddress = 'compta@dupont.example';
        await customerRelationships.establish('test/dupont', 'CUST-1001', dupontsAddress, new Date().toISOString());
        // Dupont changes address; Bernard then gives the address Dupont's relationship was verified under.
        await sales.updateCustomerData('test/dupont-moves', 'CUST-1001', { email: 'gestion@dupont.example' });
        await sales.updateCustomerData('test/bernard', 'CUST-1005', { email: dupontsAddress });

        const h = await rt.client.workflow.start<typeof customerRelationship>('customerRelationship', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('second-identity'),
          args: [{ customerId: 'CUST-1005', trigger: { kind: 'orderCompleted', orderId: 'ORD-IB04' } }],
        });
        const failure = await h.result().then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        const cause = (failure as WorkflowFailedError).cause?.cause;
        expect(cause).toBeInstanceOf(ApplicationFailure);
        expect(cause).toMatchObject({ type: 'ConflictingRequest', message: expect.stringContaining('CUST-1001') });
        expect(rowsOf(rt, `SELECT customer_id, identity_key FROM customer_relationships ORDER BY customer_id`)).toEqual(
          [{ customer_id: 'CUST-1001', identity_key: dupontsAddress }],
        );
      },
      { installedBase: true, layers: ['crm'] },
    );
  });
});
