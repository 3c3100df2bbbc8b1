import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { PROCESS_OF_ACTIVITY } from '../../../workflows/shared/process-names';
import { OFFERS, orderFor, submit } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';

const EventType = temporal.api.enums.v1.EventType;
const text = (p: temporal.api.common.v1.IPayload | null | undefined): string | undefined =>
  p ? defaultPayloadConverter.fromPayload<string>(p) : undefined;

describe('the Temporal Web UI speaks eTOM (user metadata on every command)', () => {
  it('gives a fibre order, its children, their activities and timers their eTOM summaries', async () => {
    await withWorkers(async (rt) => {
      const handle = await submit(rt, orderFor(rt, 'summaries', OFFERS.fibre));
      expect((await handle.result()).state).toBe('completed');

      // The order itself, started by the API's or the demo's client: its Level-2 process, its layer, its id.
      const order = await handle.describe();
      expect(await order.staticSummary()).toBe('1.F.1.5 Order Handling · CRM');
      expect(await order.staticDetails()).toContain(handle.workflowId);

      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      const scheduled = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      expect(scheduled.length).toBeGreaterThan(3);
      for (const e of scheduled) {
        const type = e.activityTaskScheduledEventAttributes!.activityType!.name!;
        expect(text(e.userMetadata?.summary), type).toBe(PROCESS_OF_ACTIVITY[type]);
      }
      expect(scheduled.map((e) => text(e.userMetadata?.summary))).toContain('1.F.1.5.2 Authorize Credit');

      // The child it starts crosses to SM&O: the arrow says so, and the child's own page names its process.
      const children = events.filter(
        (e) => e.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
      );
      expect(children.length).toBeGreaterThan(0);
      const serviceOrder = children.find(
        (e) => e.startChildWorkflowExecutionInitiatedEventAttributes!.workflowType!.name === 'serviceOrder',
      )!;
      expect(text(serviceOrder.userMetadata?.summary)).toBe(
        '→ SM&O serviceOrder · 1.F.2.2 Service Configuration & Activation',
      );
      const childId = serviceOrder.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId!;
      const child = await rt.client.workflow.getHandle(childId).describe();
      expect(await child.staticSummary()).toBe('→ SM&O serviceOrder · 1.F.2.2 Service Configuration & Activation');
      expect(await child.staticDetails()).toContain(`for ${childId}; started by productOrder (${handle.workflowId})`);

      // Every timer of the tree says whose wait it is.
      const timers = [];
      for (const id of [handle.workflowId, childId]) {
        const h = await rt.client.workflow.getHandle(id).fetchHistory();
        timers.push(...(h.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED));
      }
      expect(timers.length).toBeGreaterThan(0);
      for (const t of timers) expect(text(t.userMetadata?.summary)).toMatch(/^1\.\S+ .+: waits \d+ (ms|s|min|h|d)$/);
    });
  }, 180_000);
});
