import { DefaultLogger, type LogEntry, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { OFFERS, orderFor, submit } from '../support/fulfilment';
import { withWorkers } from '../support/runtime';

// Before any connection: this process's runtime logs every line here (installTemporalRuntime keeps it).
const lines: LogEntry[] = [];
Runtime.install({ logger: new DefaultLogger('DEBUG', (e) => lines.push(e)), shutdownSignals: [] });

const ofRun = (prefix: string, component: string) =>
  lines.filter((l) => l.meta?.['sdkComponent'] === component && String(l.meta?.['workflowId'] ?? '').includes(prefix));

describe("the processes' logs", () => {
  it('every workflow and activity line names its eTOM process and business id; no customer data; a replay logs nothing again', async () => {
    await withWorkers(async (rt) => {
      // A contact whose answer is the customer's name and e-mail, then an order through three layers.
      const contact = await rt.client.workflow.execute('customerInteraction', {
        workflowId: rt.id('cim'),
        taskQueue: rt.queue('crm'),
        args: [
          { customerId: 'CUST-1003', channel: 'phone', reason: 'details', request: { requestType: 'customerDetails' } },
        ],
      });
      expect(contact.answer).toMatchObject({ name: 'Claire Moreau' });
      const order = await submit(rt, orderFor(rt, 'fibre', OFFERS.fibre));
      expect((await order.result()).state).toBe('completed');

      const workflowLines = ofRun(rt.prefix, 'workflow');
      const activityLines = ofRun(rt.prefix, 'activity');
      // The order's decisions (markProgress, logDecision) and the SDK's own lines of each activity.
      expect(workflowLines.length).toBeGreaterThan(5);
      expect(activityLines.length).toBeGreaterThan(20);
      for (const l of [...workflowLines, ...activityLines]) {
        expect(l.meta?.['etomId'], l.message).toMatch(/^1\.[A-Z]+\.\d/);
        // The entity's id: the workflow's, or the first …Id of a process's input (defineProcess).
        expect(l.meta?.['businessId'], l.message).toEqual(expect.stringMatching(/\S/));
      }
      // The SDK's own line of an SM&O child names its Level-2 process, a decision its Level-3 step,
      // an activity's line its Level-3 process.
      const serviceOrderLines = lines.filter((l) => l.meta?.['workflowType'] === 'serviceOrder');
      expect(serviceOrderLines.find((l) => l.message === 'Workflow completed')?.meta?.['etomId']).toBe('1.F.2.2');
      expect(serviceOrderLines.some((l) => /^1\.F\.2\.2\.\d/.test(String(l.meta?.['etomId'])))).toBe(true);
      expect(
        activityLines.some((l) => l.meta?.['activityType'] === 'authorizeCredit' && l.meta['etomId'] === '1.F.1.5.2'),
      ).toBe(true);

      // The customer's data never reaches the log: not the name, not the e-mail the store holds.
      const email = rt.store.db.prepare("SELECT email FROM customers WHERE id = 'CUST-1003'").pluck().get() as string;
      const everything = JSON.stringify(lines.map((l) => [l.message, l.meta]));
      expect(everything).not.toContain('Claire Moreau');
      expect(everything).not.toContain(email);

      // Replaying the order's whole history (as a worker does after an eviction) writes no line again.
      const orderLines = workflowLines.filter((l) => l.meta?.['workflowId'] === order.workflowId).length;
      expect(orderLines).toBeGreaterThan(0);
      const before = lines.length;
      await Worker.runReplayHistory(
        { workflowBundle: { codePath: inject('workflowBundlePath') } },
        await order.fetchHistory(),
        order.workflowId,
      );
      const replayed = lines.slice(before).filter((l) => l.meta?.['workflowId'] === order.workflowId);
      expect(replayed.filter((l) => l.meta?.['sdkComponent'] === 'workflow')).toEqual([]);
      expect(workflowLines.filter((l) => l.meta?.['workflowId'] === order.workflowId)).toHaveLength(orderLines);
    });
  }, 180_000);
});
