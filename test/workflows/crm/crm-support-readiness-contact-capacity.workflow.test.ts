import { describe, expect, it } from 'vitest';
import type { customerInteraction } from '../../../workflows/crm/customer-interaction';
import { CRM_READINESS_PROCESSES, runReadinessOnce } from '../../support/readiness';
import { withWorkers, type TestRuntime } from '../../support/runtime';

const CRM = CRM_READINESS_PROCESSES;

/** One chat contact through Customer Interface Management (1.FAB.1.2): whether 1.FAB.1.2.1 queued it. */
async function chatContactQueued(rt: TestRuntime, name: string): Promise<boolean> {
  const result = await rt.client.workflow.execute<typeof customerInteraction>('customerInteraction', {
    workflowId: rt.id(name),
    taskQueue: rt.queue('crm'),
    args: [
      { customerId: 'CUST-1003', channel: 'chat', reason: 'details', request: { requestType: 'customerDetails' } },
    ],
  });
  return rt.store.db.prepare('SELECT queued FROM contacts WHERE id = ?').pluck().get(result.contact.id) === 1;
}

/**
 * #13: 1.O.1.1.1's "add agents / capacity to close contacts in time" is addressed to Manage
 * Contact (1.FAB.1.2.1), which reads it at the end of CRM's readiness run and acts: the channel
 * gets an agent more, so the contact it queued before is taken at once after.
 */
describe('readiness action for contact capacity: 1.O.1.1.1 -> 1.FAB.1.2.1 (CRM)', () => {
  it('raises the channel’s agents, records it on the action, and contacts are no longer queued; once', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        const customers = rt.store.ports.customerManagement;
        const at = new Date().toISOString();
        // Chat has one agent, and a chat contact is still open on it.
        await customers.setContactCapacity('seed-chat', { channel: 'chat', agents: 1, setBy: 'test', at });
        await customers.openContact('seed-open-chat', {
          customerId: 'CUST-1003',
          channel: 'chat',
          reason: 'billing',
          summary: 'waiting for an agent',
          openedAt: at,
        });
        expect(await chatContactQueued(rt, 'chat-before')).toBe(true);

        const crm = await runReadinessOnce(rt, 'crm', CRM);
        const action = db
          .prepare(
            `SELECT * FROM readiness_actions WHERE run_id = ? AND metric = 'contacts.openShare' AND subject = 'channel:chat'`,
          )
          .get(crm.workflowId) as Record<string, unknown>;
        expect(action).toMatchObject({
          etom_id: '1.O.1.1.1',
          state: 'open',
          addressed_to: '1.FAB.1.2.1',
          acted_by: '1.FAB.1.2.1',
          outcome: 'chat: 2 agent(s), 1 before',
        });
        expect(db.prepare(`SELECT agents, set_by FROM contact_capacity WHERE channel = 'chat'`).get()).toEqual({
          agents: 2,
          set_by: '1.FAB.1.2.1',
        });
        const report = (await rt.store.ports.readinessReports.reports(crm.workflowId)).find(
          (r) => r.etomId === '1.FAB.1.2.1',
        );
        expect(report?.figures['channelsRaised']).toBeGreaterThanOrEqual(1);
        // The capacity is real: the next chat contact is taken at once.
        expect(await chatContactQueued(rt, 'chat-after')).toBe(false);

        // The action is acted on: a second run adds no second agent.
        await runReadinessOnce(rt, 'crm', CRM);
        expect(db.prepare(`SELECT agents FROM contact_capacity WHERE channel = 'chat'`).pluck().get()).toBe(2);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });
});
