import path from 'node:path';
import { DEMO_BILLING_TIMINGS } from '../domain/billing/billing';
import { ensureBillCycleSchedule, triggerBillCycle } from '../billing/schedule';
import { taskQueueFor } from '../layers';
import type { Runtime } from '../runtime/embedded';
import { injectUsageAnomalies } from '../simulators/usage';
import { traceProcesses } from '../temporal/process-trace';
import type { BillRunResult, CollectionView } from '../../workflows/crm/billing-collections-management';
import type { DemoReporter } from './reporter';

const ON_TIME = 'CUST-1001';
const LATE = 'CUST-1006';

/**
 * One bill cycle on the installed base, started through its Temporal Schedule: usage from the
 * network for the active services, mediated and rated, bills with the SLA credit assurance
 * owes, one customer paying on time, one dunned to suspension and restored when it pays, and
 * the supplier's invoice reconciled with a dispute. Runs again on the same data: each cycle
 * bills what happened since the last.
 */
export async function runBillingDemo(rt: Runtime, report: DemoReporter) {
  const { client, store } = rt;
  const invoiceDir = path.join(path.dirname(store.db.name), 'invoices');
  const notes: string[] = [];

  // The SLA credit assurance would have recorded for an outage; recorded here when none is pending.
  let credits = await store.ports.slaCredits.pending(ON_TIME);
  if (!credits.length) {
    const stamp = new Date().toISOString();
    await store.ports.slaCredits.record(`demo-billing/credit/${stamp}`, {
      customerId: ON_TIME,
      productId: 'PRD-IB01',
      serviceId: 'SVC-IB01-1',
      slaId: 'PO-FIBRE-BIZ',
      periodStart: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      periodEnd: stamp,
      amountMinor: 1_290,
      currency: 'EUR',
      reason: 'fibre access restored after the 4 h target',
    });
    credits = await store.ports.slaCredits.pending(ON_TIME);
    notes.push(
      `no SLA credit was pending: the demo recorded ${credits[0]!.id} for ${ON_TIME} through ports.slaCredits`,
    );
    report.step(notes.at(-1)!);
  }
  // A realistic feed: one record sent twice, one garbled, one lost on the way.
  // The feed is the store's (PostgreSQL produces it beside its records); a test's own SQLite store is the file's.
  const anomalies = { duplicates: 1, malformed: 1, lost: 1 };
  if (store.injectUsageAnomalies) await store.injectUsageAnomalies(anomalies);
  else injectUsageAnomalies(store.db, anomalies);

  const scheduleId = await ensureBillCycleSchedule(client, {
    taskQueuePrefix: rt.taskQueuePrefix,
    request: { timings: DEMO_BILLING_TIMINGS, invoiceDir },
  });
  const workflowId = await triggerBillCycle(client, scheduleId);
  report.step(`schedule ${scheduleId} triggered now: bill run ${workflowId}`);
  const run = (await client.workflow.getHandle(workflowId).result()) as BillRunResult;
  const u = run.usage;
  report.step(
    `RM&O collected ${u.collected} records (${u.audit.missing} lost, ${u.audit.duplicates} duplicated per the audit)`,
  );
  report.step(
    `SM&O guided ${u.rating!.guided}, rejected ${JSON.stringify(u.rating!.rejected)}, rated ${u.rating!.rated} for ${u.rating!.chargeMinor} cents`,
  );
  for (const b of run.bills) report.step(`${b.billId} ${b.customerId}: ${b.totalMinor} cents → ${b.documentPath}`);

  // Collections: everyone pays but the late customer, who pays once suspended.
  const late = run.bills.find((b) => b.customerId === LATE)!;
  // A bill that owes nothing is settled as it is issued: a cycle run again the same day bills no
  // recurring day twice (#12's proration), so a customer without usage may owe nothing.
  for (const b of run.bills.filter((x) => x !== late && x.totalMinor > 0))
    await client.workflow
      .getHandle(b.collectionWorkflowId)
      .signal('paymentReceived', { amountMinor: b.totalMinor, reference: `SEPA-${b.billId}` });
  const lateHandle = client.workflow.getHandle(late.collectionWorkflowId);
  for (;;) {
    const v = await lateHandle.query<CollectionView>('getCollection');
    if (v.state === 'suspended') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  // Read through the product inventory, whichever database holds it.
  const statusOf = async (productId: string) =>
    (await store.ports.productOrders.productsOf(LATE)).find((p) => p.id === productId)?.status;
  const suspendedStatus = await statusOf('PRD-IB05');
  report.step(`${LATE} did not pay: reminder, final notice, products suspended (PRD-IB05 ${suspendedStatus})`);
  await lateHandle.signal('paymentReceived', { amountMinor: late.totalMinor, reference: `CARD-${late.billId}` });
  const collections = await Promise.all(
    run.bills.map((b) => client.workflow.getHandle(b.collectionWorkflowId).result() as Promise<CollectionView>),
  );
  const restored = await statusOf('PRD-IB05');
  report.step(`${LATE} paid: products restored (PRD-IB05 ${restored})`);
  // The late payer questions the dearest call on their bill (1.B.1.8.1): the rated record answers.
  const questioned = (await store.ports.usage.records({ customerId: LATE, billId: late.billId, state: 'billed' }))
    .sort((a, b) => (b.chargeMinor ?? 0) - (a.chargeMinor ?? 0) || a.id - b.id)
    .at(0)?.id;
  const inquiry = questioned
    ? await client.workflow.execute<
        (i: { customerId: string; billId: string; usageRecordId: number; claim: string }) => Promise<{
          inquiryId: string;
          state: string;
          finding: string;
          adjustmentMinor: number;
        }>
      >('billingInquiry', {
        taskQueue: taskQueueFor('crm', rt.taskQueuePrefix),
        workflowId: `billingInquiry/${late.billId}/${questioned}`,
        args: [{ customerId: LATE, billId: late.billId, usageRecordId: questioned, claim: 'I never made this call' }],
      })
    : undefined;
  if (inquiry) report.step(`${LATE} questions usage record ${questioned}: ${inquiry.state} — ${inquiry.finding}`);
  const s = run.settlement?.suppliers[0];
  if (s)
    report.step(
      `${s.supplierId} invoiced ${s.invoicedMinor}, our records say ${s.expectedMinor}: dispute ${s.disputeId} ${s.disputeState}, paid ${s.paidMinor}`,
    );

  const processes = [
    ...(await traceProcesses(client, workflowId)),
    ...(await Promise.all(run.bills.map((b) => traceProcesses(client, b.collectionWorkflowId)))).flat(),
    ...(inquiry ? await traceProcesses(client, `billingInquiry/${late.billId}/${questioned}`) : []),
  ];
  const byLayer: Record<string, string[]> = {};
  for (const p of processes) {
    const ids = (byLayer[p.layer] ??= []);
    if (!ids.includes(p.etomId)) ids.push(p.etomId);
  }
  const sum = (f: (b: BillRunResult['bills'][number]) => number) => run.bills.reduce((t, b) => t + f(b), 0);
  return {
    flow: 'billing',
    scheduleId,
    workflowId,
    billRunId: run.billRunId,
    period: { start: run.periodStart, end: run.periodEnd },
    notes,
    processesByLayer: byLayer,
    totals: {
      recordsCollected: u.collected,
      recordsLost: u.audit.missing,
      recordsRated: u.rating!.rated,
      recordsRejected: u.rating!.rejected,
      usageChargeMinor: u.rating!.chargeMinor,
      billedUsageMinor: sum((b) => b.usageMinor),
      creditsMinor: sum((b) => b.creditsMinor),
      billedTotalMinor: sum((b) => b.totalMinor),
      bills: run.bills.length,
    },
    collections: collections.map((c) => ({ billId: c.billId, state: c.state, dunningSteps: c.dunningStep })),
    settlement: run.settlement?.suppliers ?? [],
    inquiry: inquiry ?? null,
    invoiceFiles: run.bills.map((b) => b.documentPath),
  };
}
