import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { crmReadiness } from '../../../workflows/crm/crm-support-readiness';
import type { marketingCampaignResponse } from '../../../workflows/crm/marketing-fulfilment-response';
import { activityTypes, eventually } from '../../support/fulfilment';
import { CRM_READINESS_PROCESSES, runReadinessOnce } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = CRM_READINESS_PROCESSES;

describe('crmReadiness (CRM Support & Readiness (1.O.1.1)) on the CRM queue', () => {
  it('runs every Level-3 process of the layer on the store and stores one report each', async () => {
    await withWorkers(
      async (rt) => {
        rt.store.db
          .prepare(
            `UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-TEL-NUMBER' AND region = 'LIL' AND id > 'TN-33370000004'`,
          )
          .run();
        const h = await runReadinessOnce(rt, 'crm', PROCESSES);
        expect(rt.store.db.prepare(`SELECT region FROM number_blocks`).pluck().all()).toEqual(['LIL']);
        // Order handling's number pool was topped up, a campaign planned.
        expect(
          rt.store.db.prepare('SELECT COUNT(*) FROM campaign_plans WHERE run_id = ?').pluck().get(h.workflowId),
        ).toBe(1);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });
});

describe('a campaign Manage Campaign (1.O.1.1.9) plans is started by its schedule and closed at its end date (#13)', () => {
  it('marketingCampaignResponse waits for the start date, sends the collateral (plan running), then completes the plan', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        const h = await rt.client.workflow.start<typeof crmReadiness>('crmReadiness', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('crm-readiness-campaign'),
          args: [{ windowDays: 30, campaign: { leadTime: 20_000, duration: 4_000 } }],
        });
        await h.result();
        const plan = db.prepare('SELECT id, state FROM campaign_plans WHERE run_id = ?').get(h.workflowId) as {
          id: string;
          state: string;
        };
        // Planned, not started: its start date is still to come.
        expect(plan.state).toBe('planned');
        const campaign = rt.client.workflow.getHandle<typeof marketingCampaignResponse>(`${h.workflowId}.${plan.id}`);
        const planState = () => db.prepare('SELECT state FROM campaign_plans WHERE id = ?').pluck().get(plan.id);
        await eventually(async () => planState() === 'running', 'the campaign started on its date', 120_000);
        const view = await campaign.result();
        expect(planState()).toBe('completed');
        expect(view).toMatchObject({ campaignId: plan.id, open: false });
        expect(view.collaterals).toBeGreaterThan(0);
        expect(db.prepare('SELECT COUNT(*) FROM notifications WHERE reference = ?').pluck().get(plan.id)).toBe(
          view.collaterals,
        );
        // In its history: the start date's timer, then 1.F.1.3.1, then 1.F.1.3.2 closing the campaign.
        const events = (await campaign.fetchHistory()).events ?? [];
        expect(events.some((e) => e.timerStartedEventAttributes)).toBe(true);
        expect(await activityTypes(rt, campaign.workflowId)).toEqual([
          'issueAndDistributeMarketingCollaterals',
          'trackLeads',
        ]);
        expect((await traceProcesses(rt.client, campaign.workflowId)).map((p) => p.etomId)).toEqual([
          '1.F.1.3.1',
          '1.F.1.3.2',
        ]);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });
});
