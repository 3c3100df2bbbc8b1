import { runBillCycleOn } from '../cli/bill-cycle';
import { loadConfig } from '../config';
import { taskQueueFor } from '../layers';
import type { Runtime } from '../runtime/embedded';
import { traceProcesses } from '../temporal/process-trace';
import type { partnerSettlement } from '../../workflows/sprm/sp-settlements-billing-management';
import type { RunningWholesaler } from './b2b-wholesaler';
import { etomIdsByLayer } from './fulfilment-changes';
import type { DemoReporter } from './reporter';

/** The TMF678 base path, as the wholesaler's API serves it. */
const TMF678_BASE = '/tmf-api/customerBillManagement/v4';

/**
 * The month's settlement between the two enterprises (#15, 1.B.4.5). The wholesaler's own
 * operator runs its bill cycle (`etom bill-cycle`, on its instance: the retailer cannot make it
 * bill); then the retailer's S/P Settlements & Billing Management reads the wholesaler's TMF678
 * bill for its account, assesses it line by line against its own records of what the
 * wholesaler supplies it, disputes what those records do not show or show cheaper, and pays the
 * rest. TMF678 takes no dispute: it stays open on the retailer's side, its amount withheld.
 *
 * What is disputed follows from the two seeds, so it is the same every run: the retailer's
 * account at the wholesaler (CUST-1005) holds a Lyon fibre there (PRD-IB04) that the retailer's
 * records know nothing of. The circuit bought minutes ago is not on the first bill yet: the
 * wholesaler bills whole days, prorated.
 */
export async function runB2bSettlement(opts: {
  rt: Runtime;
  report: DemoReporter;
  wholesaler: RunningWholesaler;
  supplierId: string;
  /** The retailer's account at the wholesaler: the customer its bill names. */
  account: string;
  stamp: string;
}) {
  const { rt, report, wholesaler, supplierId, account } = opts;
  // The wholesaler's operator: `etom bill-cycle --no-settle` with its own configuration (its
  // data dir, its Temporal server), in process. Its standard payment term: no dunning in the demo.
  const cycle = await runBillCycleOn(loadConfig(wholesaler.operatorEnv), { 'no-settle': true });
  const billed = cycle.bills.find((b) => b.customerId === account) ?? null;
  report.step(
    `wholesaler: its operator ran etom bill-cycle: ${cycle.billRunId}, ${cycle.bills.length} bills` +
      (billed ? `, ${billed.billId} to ${account} (${billed.totalMinor} cents)` : `, none to ${account}`),
  );
  // What the wholesaler's TMF678 serves of that bill (its operator's read token: for the summary only).
  const bill = billed
    ? await wholesaler.read<Record<string, unknown> & { id: string }>(
        `${TMF678_BASE}/customerBill/${encodeURIComponent(billed.billId)}`,
      )
    : null;

  // The retailer's settlement cycle for this run: its own period (a bill run's id in production).
  const period = `b2b-settlement-${opts.stamp}`;
  const workflowId = `partnerSettlement/${period}`;
  const result = await rt.client.workflow.execute<typeof partnerSettlement>('partnerSettlement', {
    taskQueue: taskQueueFor('sprm', rt.taskQueuePrefix),
    workflowId,
    args: [{ period }],
  });
  const ours = result.suppliers.find((s) => s.supplierId === supplierId) ?? null;
  const invoice = ours ? await rt.store.ports.settlements.invoice(ours.invoiceId) : null;
  const dispute = ours?.disputeId
    ? (await rt.store.ports.settlements.openDisputes(supplierId)).find((d) => d.disputeId === ours.disputeId)
    : undefined;
  // The lines the dispute names: billed with no record of ours, or above the contract.
  const disputedLines = (invoice?.lines ?? [])
    .filter((l) => l.expectedMinor === null || l.amountMinor > l.expectedMinor)
    .map((l) => ({ reference: l.reference, amountMinor: l.amountMinor, expectedMinor: l.expectedMinor }));
  if (ours)
    report.step(
      `retailer: settlement ${period}: ${supplierId}'s bill ${invoice?.supplierReference} as invoice ${ours.invoiceId}, ` +
        `${ours.invoicedMinor} billed, ${ours.expectedMinor} in its records, ` +
        (ours.disputeId
          ? `dispute ${ours.disputeId} ${ours.disputeState} (${dispute?.reason ?? ''}), `
          : 'no dispute, ') +
        `${ours.paidMinor} paid`,
    );
  else report.step(`retailer: settlement ${period}: nothing of ${supplierId}'s to settle`);

  const processes = await traceProcesses(rt.client, workflowId);
  return {
    retailer: {
      workflowId,
      period,
      etomIdsByLayer: etomIdsByLayer(processes),
      invoice: ours
        ? {
            id: ours.invoiceId,
            supplierReference: invoice?.supplierReference ?? null,
            state: invoice?.state ?? null,
            invoicedMinor: ours.invoicedMinor,
            expectedMinor: ours.expectedMinor,
            approvedMinor: ours.approvedMinor,
            paidMinor: ours.paidMinor,
          }
        : null,
      dispute: ours?.disputeId
        ? {
            id: ours.disputeId,
            state: ours.disputeState,
            amountMinor: dispute?.amountMinor ?? null,
            lines: disputedLines,
          }
        : null,
    },
    wholesaler: { billRunId: cycle.billRunId, billId: billed?.billId ?? null, bill },
  };
}
