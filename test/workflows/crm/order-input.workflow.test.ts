import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { ProductOrderRequestInput } from '../../../src/domain/fulfilment/product-order';
import { taskQueueFor } from '../../../src/layers';
import type { productOrder } from '../../../workflows/crm/order-handling';
import { OFFERS, orderFor, submit } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';
import { readsOf } from '../../support/store';

/** Started as the Web UI, `temporal workflow start` or another service would: no check on the way. */
function startRaw(rt: TestRuntime, workflowId: string, input: unknown) {
  return rt.client.workflow.start<typeof productOrder>('productOrder', {
    workflowId,
    taskQueue: taskQueueFor('crm', rt.prefix),
    args: [input as ProductOrderRequestInput],
  });
}

/** The event types of a workflow's history. */
async function eventTypes(rt: TestRuntime, workflowId: string): Promise<string[]> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).map((e) => String(temporal.api.enums.v1.EventType[e.eventType ?? 0]));
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

const count = (rt: TestRuntime, sql: string, ...args: unknown[]) => readsOf(() => rt.store.db).count(sql, ...args);

describe('productOrder (1.F.1.5) checks its own input (#16)', () => {
  it('fails at once, InvalidInput and not retried, when started without items or with a negative bandwidth', async () => {
    await withWorkers(
      async (rt) => {
        const valid = orderFor(rt, 'valid-shape', OFFERS.fibre);
        const cases: Record<string, unknown> = {
          noItems: { ...valid, externalId: rt.id('no-items'), items: undefined },
          negative: {
            ...valid,
            externalId: rt.id('negative-bw'),
            items: [{ ...valid.items[0], characteristics: { bandwidthMbps: -100 } }],
          },
          // What took an order to "result exceeds size limit", left acknowledged for good.
          hugeNote: {
            ...valid,
            externalId: rt.id('huge-note'),
            items: [{ ...valid.items[0], characteristics: { bandwidthMbps: 1000, note: 'x'.repeat(1_500_000) } }],
          },
        };
        const expected: Record<string, RegExp> = {
          noItems: /items: .*expected array/,
          negative: /items\.0\.characteristics\.bandwidthMbps: .*>=1/,
          hugeNote: /items\.0\.characteristics\.note: a string of 1500000 characters/,
        };
        for (const [name, input] of Object.entries(cases)) {
          const id = (input as { externalId: string }).externalId;
          const handle = await startRaw(rt, id, input);
          const failure = await failureOf(handle.result());
          expect(failure.type, name).toBe('InvalidInput');
          expect(failure.nonRetryable, name).toBe(true);
          expect(failure.message, name).toMatch(expected[name]!);
          // One workflow task, the failure recorded as the run's end: no retried TypeError.
          const events = await eventTypes(rt, id);
          expect(
            events.filter((e) => e.includes('WORKFLOW_TASK_FAILED')),
            name,
          ).toEqual([]);
          expect(events.at(-1), name).toContain('WORKFLOW_EXECUTION_FAILED');
          expect(
            events.filter((e) => e.includes('ACTIVITY_TASK_SCHEDULED')),
            name,
          ).toEqual([]);
        }
        // Nothing written: no contact, no request, no order.
        expect(count(rt, 'SELECT COUNT(*) FROM contacts')).toBe(0);
        expect(count(rt, 'SELECT COUNT(*) FROM customer_requests')).toBe(0);
        expect(count(rt, 'SELECT COUNT(*) FROM product_orders')).toBe(0);
      },
      { layers: ['crm'] },
    );
  });

  it('rejects an order from an unknown customer with the reason, as it does an unknown offering, closing its contact', async () => {
    await withWorkers(
      async (rt) => {
        const handle = await submit(rt, orderFor(rt, 'stranger', { ...OFFERS.fibre, customerId: 'CUST-9999' }));
        const outcome = await handle.result();
        expect(outcome.state).toBe('rejected');
        expect(outcome.reason).toContain('unknown customer CUST-9999');
        expect(outcome.items.map((i) => i.state)).toEqual(['rejected']);
        // The contact was recorded without a customer and closed; the request answered `rejected`.
        expect(count(rt, 'SELECT COUNT(*) FROM contacts WHERE closed_at IS NULL')).toBe(0);
        expect(count(rt, 'SELECT COUNT(*) FROM contacts WHERE customer_id IS NULL AND closed_at IS NOT NULL')).toBe(1);
        expect(
          count(
            rt,
            "SELECT COUNT(*) FROM customer_requests WHERE reference = ? AND status = 'rejected'",
            handle.workflowId,
          ),
        ).toBe(1);
        // Like any order that fails validation (1.F.1.5.3), it is not recorded: there is no valid order to keep.
        expect(count(rt, 'SELECT COUNT(*) FROM product_orders')).toBe(0);
        expect((await eventTypes(rt, handle.workflowId)).at(-1)).toContain('WORKFLOW_EXECUTION_COMPLETED');
      },
      { layers: ['crm'] },
    );
  });
});
