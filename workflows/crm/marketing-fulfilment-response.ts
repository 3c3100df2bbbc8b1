import {
  type ChildWorkflowHandle,
  condition,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
} from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { FulfilmentTimingsInput } from '../../src/domain/fulfilment/timings';
import type { CampaignInput, CampaignResponseInput, ProspectContact } from '../../src/domain/lifecycle/sales';
import type { LifecycleTimings } from '../../src/domain/lifecycle/timings';
import { SYSTEM_CALL } from '../shared/activity-options';
import {
  campaignResponseSignal,
  closeCampaignResponseSignal,
  getCampaignResponseQuery,
} from '../shared/lifecycle-messages';
import { markProgress } from '../shared/search-attributes';
import { salesOpportunity, salesOpportunityStart, salesOpportunityWorkflowId } from './selling';
import { MarketingCampaignResponseInput as MarketingCampaignResponseContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';
import { childStart, type ChildExtras } from '../shared/child';

/**
 * Marketing Fulfilment Response (1.F.1.3) for one campaign run by Manage Campaign (1.O.1.1.9):
 * its collateral is issued and delivered to the customers and prospects it targets
 * (1.F.1.3.1); while the response window is open each `campaignResponse` is recorded as a lead
 * and evaluated (1.F.1.3.2); every qualified lead goes to Selling as a child `salesOpportunity`
 * (`<campaign id>.<lead id>`), and what became of it is recorded on the lead.
 *
 * Workflow id: the campaign's id (letters, digits, . _ : -), CRM queue.
 */
export interface MarketingCampaignResponseInput {
  campaign: CampaignInput;
  prospects?: ProspectContact[];
  /** Durations in milliseconds (LifecycleTimings parsed). */
  timings?: Partial<LifecycleTimings>;
  fulfilmentTimings?: FulfilmentTimingsInput;
  /**
   * A campaign Manage Campaign planned (1.O.1.1.9), started by crmReadiness: its collateral goes
   * out at `startsAt` (the plan runs), leads are taken until `endsAt`, then the plan is completed.
   */
  schedule?: { planId: string; startsAt: string; endsAt: string };
}

/** A planned campaign runs on the CRM queue; the readiness run that planned it names it. */
export function marketingCampaignResponseStart(
  workflowId: string,
  input: MarketingCampaignResponseInput,
  extras?: ChildExtras,
) {
  return childStart<typeof marketingCampaignResponse>('crm', workflowId, [input], extras);
}

export interface LeadView {
  leadId: string;
  state: string;
  score: number;
  salesWorkflowId: string | null;
  outcome: string | null;
}

export interface CampaignResponseView {
  campaignId: string;
  collaterals: number;
  open: boolean;
  currentProcess: string | null;
  leads: LeadView[];
}

const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);
const DEFAULT_RESPONSE_WINDOW = 30 * 86_400_000;

export async function marketingCampaignResponse(input: MarketingCampaignResponseInput): Promise<CampaignResponseView> {
  validInput(MarketingCampaignResponseContract, input);
  const campaignId = input.campaign.id;
  const view: CampaignResponseView = { campaignId, collaterals: 0, open: true, currentProcess: null, leads: [] };
  const inbox: CampaignResponseInput[] = [];
  setHandler(getCampaignResponseQuery, () => view);
  setHandler(campaignResponseSignal, (r) => void inbox.push(r));
  setHandler(closeCampaignResponseSignal, () => void (view.open = false));
  const at = (process: string) => {
    view.currentProcess = process;
    markProgress({ process, layer: 'CRM' });
  };

  // A planned campaign waits for its start date (a durable timer), then runs.
  const schedule = input.schedule;
  if (schedule) {
    markProgress({ state: 'planned', layer: 'CRM' });
    const wait = Date.parse(schedule.startsAt) - Date.now();
    if (wait > 0) await sleep(wait);
  }

  // 1.F.1.3.1 — the collateral, to everyone the campaign targets.
  at('1.F.1.3.1');
  const issued = await crm.issueAndDistributeMarketingCollaterals({
    campaign: input.campaign,
    prospects: input.prospects ?? [],
    ...(schedule ? { planId: schedule.planId } : {}),
  });
  view.collaterals = issued.collaterals.length;
  markProgress({ state: 'distributed' });

  // 1.F.1.3.2 — leads while the window is open; the qualified ones go to Selling.
  const deadline = schedule
    ? Date.parse(schedule.endsAt)
    : Date.now() + (input.timings?.responseWindow ?? DEFAULT_RESPONSE_WINDOW);
  const followUps: Promise<void>[] = [];
  while (view.open || inbox.length > 0) {
    if (inbox.length === 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || !(await condition(() => inbox.length > 0 || !view.open, remaining))) break;
      continue;
    }
    const response = inbox.shift()!;
    at('1.F.1.3.2');
    const { lead, handOff } = await crm.trackLeads({ action: 'record', campaignId, response });
    const leadView: LeadView = {
      leadId: lead.id,
      state: lead.state,
      score: lead.score,
      salesWorkflowId: null,
      outcome: null,
    };
    view.leads.push(leadView);
    if (!handOff) continue;
    leadView.salesWorkflowId = salesOpportunityWorkflowId(campaignId, lead.id);
    const sale = await startChild(
      salesOpportunity,
      salesOpportunityStart(leadView.salesWorkflowId, {
        leadId: lead.id,
        termMonths: lead.termMonths as 12 | 24 | 36,
        requestedDiscountPct: lead.requestedDiscountPct,
        timings: input.timings,
        fulfilmentTimings: input.fulfilmentTimings,
      }),
    );
    followUps.push(followUp(sale, leadView));
  }
  view.open = false;
  // The end date came (or the campaign was closed): Manage Campaign's plan is completed.
  if (schedule) await crm.trackLeads({ action: 'closeCampaign', campaignId, planId: schedule.planId });
  markProgress({ state: 'closed' });
  await Promise.all(followUps);
  return view;

  /** What became of a lead handed to Selling, recorded on the lead (1.F.1.3.2). */
  async function followUp(sale: ChildWorkflowHandle<typeof salesOpportunity>, leadView: LeadView) {
    let won = false;
    let reason: string | null;
    try {
      const result = await sale.result();
      won = result.outcome === 'won';
      reason = won ? (result.orderId ?? null) : `${result.outcome}: ${result.reason ?? ''}`;
      leadView.outcome = result.outcome;
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
      leadView.outcome = 'failed';
    }
    const closed = await crm.trackLeads({
      action: 'close',
      leadId: leadView.leadId,
      outcome: won ? 'won' : 'lost',
      reason,
    });
    leadView.state = closed.lead.state;
  }
}
