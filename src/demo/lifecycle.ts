import type { WorkflowHandle } from '@temporalio/client';
import { DEMO_TIMINGS } from '../domain/fulfilment/timings';
import { DEMO_LIFECYCLE_TIMINGS, LifecycleTimings } from '../domain/lifecycle/timings';
import type { Runtime } from '../runtime/embedded';
import { type ProcessRun, traceProcesses } from '../temporal/process-trace';
import { taskQueueFor } from '../layers';
import type { marketingCampaignResponse } from '../../workflows/crm/marketing-fulfilment-response';
import type { customerRelationship } from '../../workflows/crm/retention-loyalty';
import type { salesOpportunity } from '../../workflows/crm/selling';
import {
  campaignResponseSignal,
  getCampaignResponseQuery,
  getCustomerRelationshipQuery,
  getSalesOpportunityQuery,
  quoteDecisionUpdate,
  satisfactionAnswerSignal,
} from '../../workflows/shared/lifecycle-messages';
import type { partnerInteraction } from '../../workflows/sprm/sp-interface-management';
import { ensureReadinessSchedules, triggerReadinessNow } from '../readiness/schedules';
import type { DemoReporter } from './reporter';
import type { ProductOrderView } from '../../workflows/crm/order-handling';
import { ceaseDelivered } from './fulfilment';

/**
 * Steps of the lifecycle that run on a schedule: Operations Support & Readiness. The schedules
 * are created (idempotently, as `etom dev` does) and each is triggered once, now.
 */
export const READINESS_SCHEDULES: Array<(rt: Runtime, report: DemoReporter, stamp: string) => Promise<string[]>> = [
  runReadinessNow,
];

/**
 * A business in Lille books most of the region's free voice ports for a new switchboard (an
 * inventory reservation, as Resource Provisioning makes one); then every readiness schedule
 * runs once. RM&O readiness finds the class short of capacity, has a card installed and
 * accepts its ports into the pool (1.O.3.1.5 → 1.O.3.1.1); the others produce their reports.
 */
async function runReadinessNow(rt: Runtime, report: DemoReporter, stamp: string): Promise<string[]> {
  await ensureReadinessSchedules(rt.client, { taskQueuePrefix: rt.taskQueuePrefix, log: (l) => report.step(l) });
  const free = (
    await rt.store.ports.resourceInventory.checkAvailability('LIL', [{ resourceSpecId: 'RS-VOICE-PORT', quantity: 1 }])
  ).lines[0]!.available;
  if (free > 1) {
    await rt.store.ports.resourceInventory.reserve(`demo-switchboard-${stamp}`, {
      reservationId: `RES-SWITCHBOARD-${stamp}`,
      serviceId: `SWITCHBOARD-${stamp}`,
      customerId: 'CUST-1004',
      region: 'LIL',
      needs: [{ resourceSpecId: 'RS-VOICE-PORT', quantity: free - 1 }],
      holdUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    report.step(`CUST-1004 books ${free - 1} of the ${free} free voice ports in Lille for a switchboard`);
  }
  const switchboard = free > 1 ? `RES-SWITCHBOARD-${stamp}` : undefined;
  const started = await triggerReadinessNow(rt.client, rt.taskQueuePrefix);
  for (const s of started) {
    const result = (await rt.client.workflow.getHandle(s.workflowId).result()) as { reports: unknown[] };
    report.step(`${s.scheduleId} → ${s.workflowId}: ${result.reports.length} reports`);
  }
  // The newest resolved shortfall (ids are sequential): this run's, read through the port.
  const accepted = (await rt.store.ports.capacityShortfalls.shortfalls('resolved')).at(-1);
  if (accepted)
    report.step(
      `shortfall of ${accepted.resourceSpecId} in ${accepted.region} resolved: ${accepted.addedResourceIds.length} resources accepted into the pool`,
    );
  // The switchboard project is dropped once readiness has run: its ports go back to the pool, so
  // the next run finds Lille as this one did (and readiness a shortfall again).
  if (switchboard)
    await rt.store.ports.resourceInventory.release(
      `${switchboard}/release`,
      switchboard,
      'switchboard project dropped',
    );
  return started.map((s) => s.workflowId);
}

const CAFE = {
  name: 'Café Lumière',
  email: 'patron@cafe-lumiere.example',
  segment: 'business',
  region: 'PAR',
} as const;

async function until<T>(probe: () => Promise<T | null | undefined>, what: string, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The customer lifecycle around the order: a campaign reaches a prospect whose answer becomes a
 * lead; Selling qualifies them and quotes; the customer accepts; the order is fulfilled across
 * the four layers; Retention & Loyalty establishes the relationship and validates satisfaction.
 * Then a periodic risk review: the late payer crosses the threshold and gets a retention offer,
 * the good customer does not. Last, a supplier asks about its order and is answered at once.
 */
export async function runLifecycleDemo(rt: Runtime, report: DemoReporter) {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  const crm = taskQueueFor('crm', rt.taskQueuePrefix);
  const timings = LifecycleTimings.parse(DEMO_LIFECYCLE_TIMINGS);

  // Marketing Fulfilment Response → Selling → Order Handling → Retention & Loyalty.
  const campaignId = `CAMP-${stamp}`;
  const campaign = await rt.client.workflow.start<typeof marketingCampaignResponse>('marketingCampaignResponse', {
    taskQueue: crm,
    workflowId: campaignId,
    args: [
      {
        campaign: {
          id: campaignId,
          name: 'Fibre for shops',
          offeringId: 'PO-FIBRE-BIZ',
          segment: 'business',
          region: 'PAR',
          channel: 'email',
          message: 'Dedicated fibre for your shop, installed in ten days.',
        },
        prospects: [CAFE, { name: 'Léa Roux', email: 'lea.roux@example.org', segment: 'residential', region: 'MRS' }],
        timings,
        fulfilmentTimings: DEMO_TIMINGS,
      },
    ],
  });
  report.step(`campaign ${campaignId}: collateral issued (1.F.1.3.1)`);
  await campaign.signal(campaignResponseSignal, {
    contact: CAFE,
    interest: [{ productOfferingId: 'PO-FIBRE-BIZ', region: 'PAR', characteristics: { bandwidthMbps: 1000 } }],
    termMonths: 36,
    requestedDiscountPct: 15,
  });
  report.step(`${CAFE.name} answers: a lead (1.F.1.3.2)`);

  const salesId = await until(
    async () => (await campaign.query(getCampaignResponseQuery)).leads.find((l) => l.salesWorkflowId)?.salesWorkflowId,
    'the lead handed to Selling',
  );
  const sale = rt.client.workflow.getHandle<typeof salesOpportunity>(salesId);
  const quoteId = await until(async () => (await sale.query(getSalesOpportunityQuery)).quoteId, 'the quote');
  const quote = await rt.store.ports.sales.getQuote(quoteId);
  report.step(
    `prospect qualified (1.F.1.4.1, 1.F.1.4.2); quote ${quoteId}: ${quote?.oneTimeMinor} + ${quote?.recurringMinor}/month, ` +
      `${quote?.discountPct}% over ${quote?.termMonths} months (1.F.1.4.3)`,
  );
  await sale.executeUpdate(quoteDecisionUpdate, { args: [{ quoteId, accepted: true }] });
  report.step(`quote ${quoteId} accepted: customer data acquired (1.F.1.4.4), order ${salesId}.order submitted`);

  const relationshipId = await until(
    async () => (await sale.query(getSalesOpportunityQuery)).relationshipWorkflowId,
    'the order fulfilled',
  );
  report.step(`order ${salesId}.order completed; cross/up-sell (1.F.1.4.5); relationship established (1.FAB.1.9.1)`);
  const relationship = rt.client.workflow.getHandle(relationshipId);
  const surveyId = await until(
    async () => (await relationship.query(getCustomerRelationshipQuery)).surveyId,
    'the survey',
  );
  await relationship.signal(satisfactionAnswerSignal, { surveyId, score: 5, comment: 'installed on time' });
  report.step(`survey ${surveyId} answered 5/5 (1.FAB.1.9.5)`);
  const campaignView = await campaign.result();
  const saleResult = await sale.result();
  report.step(`campaign closed: ${campaignView.leads.map((l) => `${l.leadId} ${l.state}`).join(', ')}`);

  // Retention & Loyalty's risk review: one customer over the threshold, one under.
  const reviews: Array<WorkflowHandle<typeof customerRelationship>> = [];
  for (const customerId of ['CUST-1004', 'CUST-1005']) {
    reviews.push(
      await rt.client.workflow.start<typeof customerRelationship>('customerRelationship', {
        taskQueue: crm,
        workflowId: `${customerId}.risk-review.${stamp}`,
        args: [{ customerId, trigger: { kind: 'riskReview' }, timings }],
      }),
    );
  }
  const reviewed = await Promise.all(reviews.map((h) => h.result()));
  for (const r of reviewed) {
    report.step(
      `${r.customerId}: risk ${r.risk?.score} (${r.risk?.mainFactor ?? 'none'})` +
        (r.retentionOfferId ? ` → retention offer ${r.retentionOfferId} (1.FAB.1.9.4)` : ' → no offer needed'),
    );
  }

  // S/P Interface Management: a supplier asks about its order.
  const supplierRequest = await rt.client.workflow.start<typeof partnerInteraction>('partnerInteraction', {
    taskQueue: taskQueueFor('sprm', rt.taskQueuePrefix),
    workflowId: `SUP-ALPHA.request.${stamp}`,
    args: [
      { supplierId: 'SUP-ALPHA', topic: 'order', reference: 'ALPHA-2026-0601', question: 'Was our circuit accepted?' },
    ],
  });
  const answered = await supplierRequest.result();
  report.step(`SUP-ALPHA asked about ALPHA-2026-0601: ${answered.request.status} (1.FAB.4.6.1, 1.FAB.4.6.2)`);

  // The café later leaves: its services are ceased and their resources return to the pools, so
  // the next run on this data dir sells to a café again with the same outcome.
  const ceased = saleResult.orderId
    ? await ceaseDelivered(rt, report, [
        (await rt.client.workflow.getHandle(saleResult.orderId).result()) as ProductOrderView,
      ])
    : [];

  // Readiness schedules, when they exist.
  const scheduled: string[] = [];
  for (const schedule of READINESS_SCHEDULES) scheduled.push(...(await schedule(rt, report, stamp)));

  const workflows = [campaignId, ...reviews.map((h) => h.workflowId), supplierRequest.workflowId, ...scheduled];
  const runs: ProcessRun[] = [];
  for (const id of workflows) runs.push(...(await traceProcesses(rt.client, id)));
  const byLayer: Record<string, string[]> = {};
  for (const run of runs) {
    const ids = (byLayer[run.layer] ??= []);
    if (!ids.includes(run.etomId)) ids.push(run.etomId);
  }
  return {
    flow: 'lifecycle',
    campaignId,
    sale: {
      workflowId: salesId,
      quoteId,
      outcome: saleResult.outcome,
      customerId: saleResult.customerId,
      orderState: saleResult.orderState,
    },
    satisfaction: { surveyId, score: 5 },
    riskReviews: reviewed.map((r) => ({
      customerId: r.customerId,
      score: r.risk?.score ?? null,
      retentionOfferId: r.retentionOfferId,
    })),
    ceased,
    supplierRequest: { id: answered.request.id, status: answered.request.status },
    readiness: READINESS_SCHEDULES.length ? scheduled : 'not built yet',
    workflows,
    traceProcesses: byLayer,
  };
}
