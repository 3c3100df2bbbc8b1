/**
 * How each demo is designed to end, checked against its summary: a demo that ends otherwise
 * (the FIBRE order rejected for want of a router, a ticket left open) exits non-zero, naming
 * what differed, instead of printing a summary that looks like success.
 */

/** What differs from the design, one phrase each; empty when the flow ended as designed. */
export type OutcomeCheck = (summary: unknown) => string[];

type Json = Record<string, unknown>;
const get = (o: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k as string] : undefined), o);

function expectEqual(deviations: string[], what: string, actual: unknown, designed: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(designed))
    deviations.push(`${what}: ${JSON.stringify(actual)}, designed ${JSON.stringify(designed)}`);
}

/** The sample orders FIBRE, VPN and VOICE are delivered; CREDIT is refused by the credit check. */
export const FULFILMENT_DESIGN = ['completed', 'completed', 'completed', 'rejected'] as const;

/** Then FIBRE's speed changes, VOICE moves (a new line, then the old one ceased) and VPN is ceased. */
export const FULFILMENT_CHANGES_DESIGN = [['modify'], ['add', 'delete'], ['delete']] as const;

/** The sample catalog's price of PO-FIBRE-BIZ at 500 Mbit/s, the speed the demo's modify sets. */
export const FIBRE_500_RECURRING_MINOR = 9_900;

export const DEMO_OUTCOMES: Record<string, OutcomeCheck> = {
  fulfilment(summary) {
    const d: string[] = [];
    const orders = (get(summary, 'orders') as Json[] | undefined) ?? [];
    orders.forEach((o, i) => {
      const designed = FULFILMENT_DESIGN[i];
      if (o['state'] !== designed)
        d.push(`${String(o['workflowId'])} ${String(o['state'])} (${String(o['reason'])}), designed ${designed}`);
    });
    expectEqual(d, 'orders', orders.length, FULFILMENT_DESIGN.length);
    // The rest of a product's life (#12): the modify, the move and the cease, then what is left ceased.
    const changes = (get(summary, 'changes') as Json[] | undefined) ?? [];
    expectEqual(
      d,
      'the changes',
      changes.map((c) => [c['actions'], c['state']]),
      FULFILMENT_CHANGES_DESIGN.map((actions) => [actions, 'completed']),
    );
    // The modify is priced from the catalog's speed tiers (#12): 500 Mbit/s is 99.00 a month.
    expectEqual(
      d,
      "the modified fibre's new monthly price",
      get(changes, 0, 'changes', 0, 'recurringMinor'),
      FIBRE_500_RECURRING_MINOR,
    );
    const ceased = (get(summary, 'ceased') as Json[] | undefined) ?? [];
    expectEqual(d, 'the products ceased at the end', ceased.length, 2);
    for (const c of ceased.filter((x) => x['state'] !== 'completed'))
      d.push(`${String(c['workflowId'])} ${String(c['state'])}: its resources were not given back`);
    if (get(summary, 'finalBill', 'billId') === undefined) d.push('the cease made no final bill');
    expectEqual(
      d,
      'the ceased product handed to Retention & Loyalty',
      get(summary, 'retention', 'trigger'),
      'productCeased',
    );
    return d;
  },
  smoke(summary) {
    const d: string[] = [];
    expectEqual(d, 'the request in the store', get(summary, 'requestStatusInStore'), 'selfServed');
    return d;
  },
  assurance(summary) {
    const d: string[] = [];
    const flows = (get(summary, 'flows') as Json[] | undefined) ?? [];
    expectEqual(d, 'the technician ticket', get(flows, 0, 'outcome', 'state'), 'closed');
    const troubles = (get(flows, 1, 'outcome', 'resourceTroubles') as Json[] | undefined) ?? [];
    expectEqual(
      d,
      'the storm',
      troubles.map((t) => [t['resourceId'], t['recovery']]),
      [['CARD-PAR-1-1', 'switchedToRedundant']],
    );
    expectEqual(d, 'the customers told of the storm', get(flows, 1, 'outcome', 'customersNotified'), [
      'CUST-1001',
      'CUST-2001',
    ]);
    expectEqual(d, 'the supplier ticket', get(flows, 2, 'outcome', 'state'), 'closed');
    const credits = (get(flows, 3, 'outcome', 'credits') as Json[] | undefined) ?? [];
    expectEqual(
      d,
      'the SLA credits',
      credits.map((c) => c['customer_id']),
      ['CUST-2001'],
    );
    expectEqual(
      d,
      'the supplier asked to restore its quality (1.A.4.4.2)',
      get(flows, 2, 'outcome', 'supplierScorecard', 'slaMet'),
      false,
    );
    expectEqual(d, 'the Assurance processes not run', get(summary, 'assuranceProcesses', 'missing'), []);
    return d;
  },
  billing(summary) {
    const d: string[] = [];
    const collections = (get(summary, 'collections') as Json[] | undefined) ?? [];
    if (!collections.some((c) => c['state'] === 'restored'))
      d.push(`no collection went to suspension and back: ${JSON.stringify(collections.map((c) => c['state']))}`);
    const totals = get(summary, 'totals') as Json | undefined;
    expectEqual(d, 'usage billed', totals?.['billedUsageMinor'], totals?.['usageChargeMinor']);
    return d;
  },
  lifecycle(summary) {
    const d: string[] = [];
    expectEqual(
      d,
      'the sale',
      [get(summary, 'sale', 'outcome'), get(summary, 'sale', 'orderState')],
      ['won', 'completed'],
    );
    const reviews = (get(summary, 'riskReviews') as Json[] | undefined) ?? [];
    expectEqual(
      d,
      'retention offers',
      reviews.filter((r) => r['retentionOfferId']).map((r) => r['customerId']),
      ['CUST-1004'],
    );
    const ceased = (get(summary, 'ceased') as Json[] | undefined) ?? [];
    if (ceased.length === 0) d.push("the café's services were not ceased");
    for (const c of ceased.filter((x) => x['state'] !== 'completed'))
      d.push(`cease of ${String(c['serviceId'])} ${String(c['state'])}: its resources were not given back`);
    return d;
  },
  b2b(summary) {
    const d: string[] = [];
    expectEqual(d, "the retailer's VPN order", get(summary, 'retailer', 'state'), 'completed');
    expectEqual(
      d,
      "the retailer's layers",
      [...((get(summary, 'retailer', 'layers') as string[] | undefined) ?? [])].sort(),
      [...B2B_LAYERS].sort(),
    );
    expectEqual(
      d,
      "the retailer's partner order",
      [get(summary, 'retailer', 'partnerOrder', 'state'), get(summary, 'retailer', 'partnerOrder', 'supplierId')],
      ['accepted', 'SUP-ALPHA'],
    );
    // The wholesaler's completion came as its hub's event, through our listener, not by polling.
    const reports = (get(summary, 'retailer', 'hubReports') as string[] | undefined) ?? [];
    if (!reports.includes('delivered'))
      d.push(`no delivered report from the wholesaler's hub: ${JSON.stringify(reports)}`);
    expectEqual(d, "the wholesaler's product order", get(summary, 'wholesaler', 'state'), 'completed');
    expectEqual(
      d,
      "the wholesaler's layers",
      [...((get(summary, 'wholesaler', 'layers') as string[]) ?? [])].sort(),
      [...B2B_LAYERS].sort(),
    );
    if (!get(summary, 'links', 'wholesalerProductOrder'))
      d.push("no wholesaler's product order linked to the partner order");
    return d;
  },
  'b2b-rejected'(summary) {
    const d: string[] = [];
    expectEqual(d, "the retailer's VPN order", get(summary, 'retailer', 'state'), 'failed');
    expectEqual(
      d,
      "the retailer's partner order",
      [get(summary, 'retailer', 'partnerOrder', 'state'), get(summary, 'retailer', 'partnerOrder', 'supplierId')],
      ['rejected', 'SUP-ALPHA'],
    );
    const reports = (get(summary, 'retailer', 'hubReports') as string[] | undefined) ?? [];
    if (!reports.includes('rejected'))
      d.push(`no rejected report from the wholesaler's hub: ${JSON.stringify(reports)}`);
    expectEqual(d, "the wholesaler's product order", get(summary, 'wholesaler', 'state'), 'rejected');
    // Exact compensation: what the order held in the retailer's inventory is free again, nothing more.
    expectEqual(
      d,
      "the retailer's Marseille resources after the failed order",
      get(summary, 'retailer', 'marseilleHeld', 'after'),
      get(summary, 'retailer', 'marseilleHeld', 'before'),
    );
    return d;
  },
};

/** Both enterprises' orders cross their four layers (the wholesaler buys its own circuit in Marseille). */
export const B2B_LAYERS = ['CRM', 'SM&O', 'RM&O', 'S/PRM'] as const;

/** A demo ended otherwise than designed: the CLI prints the summary, this line, and exits 1. */
export class DemoOutcomeError extends Error {
  constructor(
    readonly flow: string,
    readonly deviations: readonly string[],
  ) {
    super(`the ${flow} demo did not end as designed: ${deviations.join('; ')}`);
    this.name = 'DemoOutcomeError';
  }
}

/** Throws DemoOutcomeError when `summary` differs from `flow`'s design. */
export function checkOutcome(flow: string, summary: unknown): void {
  const deviations = DEMO_OUTCOMES[flow]?.(summary) ?? [];
  if (deviations.length) throw new DemoOutcomeError(flow, deviations);
}
