import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supplierOrderIdOf } from '../../src/adapters/http/supplier-order-id';
import type { PartnerOrderResult } from '../../src/domain/fulfilment/partner-order';
import type { SupplierDeliveryChange } from '../../src/domain/fulfilment/supplier-delivery';
import { eventually, OFFERS, orderFor, submit } from '../support/fulfilment';
import type { PartnerProblemResult, SupplierProblemReport } from '../../src/domain/assurance/messages';
import { circuitOrder } from '../support/partner-orders';
import { circuitProblem } from '../support/partner-problems';
import { RETAILER_TOKEN, type TwoEnterprises, withTwoEnterprises } from '../support/two-enterprises';
import { BASE, expectValid } from '../api/support';

/**
 * Faults between two enterprises (#15), each a real instance of this project: the retailer's
 * S/PRM buys its Marseille access circuits from the wholesaler over TMF622 and hears its hub
 * through its listener; the wholesaler is reached through its public APIs only. The
 * wholesaler buys its own circuits from Beta (its Alpha full), who always slips its date.
 */

let b2b: TwoEnterprises;
let release: () => void = () => undefined;
let running: Promise<unknown> = Promise.resolve();

beforeAll(async () => {
  await new Promise<void>((ready, failed) => {
    running = withTwoEnterprises(
      async (two) => {
        b2b = two;
        ready();
        await new Promise<void>((r) => (release = r));
      },
      { supplierSpeed: 20 * 86_400 },
    ).catch(failed);
  });
  // The wholesaler's own supplier Alpha has no capacity left in Marseille: its circuits go to Beta.
  const insert = b2b.wholesaler.store.db.prepare(
    `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region, quantity, status, reply_to_workflow_id, created_at)
     VALUES (?, 'SUP-ALPHA', 'SC-ALPHA-MRS-AC', ?, 'RS-ACCESS-CIRCUIT', 'MRS', 1, 'placed', 'elsewhere', ?)`,
  );
  for (let i = 0; i < 10; i++) insert.run(`FULL-${i}`, `R${i}`, new Date().toISOString());
});
afterAll(async () => {
  release();
  await running;
});

type Event = temporal.api.history.v1.IHistoryEvent;
const history = async (workflowId: string): Promise<Event[]> =>
  (await b2b.retailer.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];

/** The wholesaler's product order for the retailer's requisition, read over its TMF622 API (checked against the spec). */
async function wholesalerOrder(requisitionId: string) {
  const res = await fetch(`${b2b.wholesaler.base}${BASE}/productOrder/${supplierOrderIdOf(requisitionId)}`, {
    headers: { authorization: `Bearer ${RETAILER_TOKEN}` },
  });
  const order: unknown = await res.json();
  expectValid('ProductOrder', order);
  return order as { id: string; state: string; expectedCompletionDate?: string };
}

describe('two enterprises: the wholesaler failing, moving its date, resolving a ticket', () => {
  it('the wholesaler’s API down when the requisition is placed: retried on Temporal’s timers, placed once when it is back, and the partner order goes on', async () => {
    const { retailer, wholesaler } = b2b;
    // Under the id SM&O gives a partner order: the wholesaler's order is a workflow under the
    // requisition's id ('/' as ':'), in the wholesaler's own namespace.
    const req = { ...circuitOrder(retailer, 'down'), partnerOrderId: `${retailer.id('SO-down')}/PR-RS-ACCESS-CIRCUIT` };
    const handle = await retailer.client.workflow.start('partnerOrder', {
      taskQueue: retailer.queue('sprm'),
      workflowId: req.partnerOrderId,
      args: [req],
    });
    // 1.F.4.2.3's placement fails while nothing answers at the wholesaler's address, and is retried.
    const pending = await eventually(
      async () =>
        (await handle.describe()).raw.pendingActivities?.find(
          (a) => a.activityType?.name === 'placeAndTrackSPRequisition' && (a.attempt ?? 0) >= 3,
        ),
      'the placement tried three times',
      120_000,
    );
    expect(pending.lastFailure?.message).toMatch(/SUP-ALPHA \(productOrderingManagement\) unreachable/);
    expect(pending.lastFailure?.applicationFailureInfo).toMatchObject({
      type: 'SystemUnavailable',
      nonRetryable: false,
    });
    const orderId = supplierOrderIdOf(req.partnerOrderId);
    expect(await wholesaler.store.ports.productOrders.get(orderId)).toBeUndefined();

    await wholesaler.open();
    const result = (await handle.result()) as PartnerOrderResult;
    expect(result).toMatchObject({ state: 'accepted', supplierId: 'SUP-ALPHA' });

    // The history shows the retry: the placement's successful attempt came after failed ones.
    const started = (await history(req.partnerOrderId))
      .map((e) => e.activityTaskStartedEventAttributes)
      .filter((a) => a && (a.attempt ?? 1) > 1);
    expect(started[0]?.attempt).toBeGreaterThanOrEqual(3);
    expect(started[0]?.lastFailure?.message).toMatch(/unreachable/);

    // The wholesaler holds one product order for it, acknowledged once, and delivered it.
    expect(
      wholesaler.store.db.prepare("SELECT id FROM product_orders WHERE channel = 'partner'").pluck().all(),
    ).toEqual([orderId]);
    const states = await wholesaler.store.ports.productOrders.history(orderId);
    expect(states.filter((s) => s.itemId === null && s.to === 'acknowledged')).toHaveLength(1);
    expect((await wholesalerOrder(req.partnerOrderId)).state).toBe('completed');
  }, 300_000);

  it('the wholesaler moving its delivery date: its TMF622 event reaches the retailer’s partner order, which moves its product order’s committed date and tells the customer', async () => {
    const { retailer } = b2b;
    await b2b.wholesaler.open();
    // Polling an hour apart: the new date can only come by the wholesaler's hub.
    const order = orderFor(retailer, 'moved', OFFERS.vpn, {
      timings: { supplierPollInterval: '1 hour', reservationHold: '15 minutes' },
    });
    const handle = await submit(retailer, order);
    const outcome = await handle.result();
    expect(outcome.state).toBe('completed');

    const partnerOrderId = retailer.store.db
      .prepare("SELECT id FROM partner_orders WHERE supplier_id = 'SUP-ALPHA' AND id LIKE ?")
      .pluck()
      .get(`${handle.workflowId}/%`) as string;
    const sold = await wholesalerOrder(partnerOrderId);
    expect(sold.state).toBe('completed');
    const moved = sold.expectedCompletionDate!;

    // The wholesaler moved its date (Beta slipped), and published it on its TMF622 hub.
    const told = (rt: typeof retailer, reference: string) =>
      rt.store.db
        .prepare("SELECT body FROM notifications WHERE reference = ? AND subject LIKE '%a new date' ORDER BY rowid")
        .pluck()
        .all(reference) as string[];
    const slipped = told(b2b.wholesaler, sold.id);
    expect(slipped).toHaveLength(1);
    const [, wholesalerNow, wholesalerBefore] = /commit to (\S+) instead of (\S+)\./.exec(slipped[0]!) ?? [];
    expect(wholesalerNow).toBe(moved);
    const events = (await retailer.store.ports.partnerOrders.events(partnerOrderId)).filter(
      (e) => e.kind === 'deliveryDateChanged',
    );
    // Once: the wholesaler's item events carry its date too, but name the field they change (fieldPath).
    expect(events.map((e) => e.detail)).toEqual([`${moved} ProductOrderAttributeValueChangeEvent`]);

    // The partner order received it as its supplierReport signal and told the service order, then the product order.
    const partner = await history(partnerOrderId);
    const sent = partner
      .map((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes)
      .filter((a) => a?.signalName === 'supplierDeliveryChanged')
      .map((a) => a?.workflowExecution?.workflowId);
    expect(sent).toEqual([partnerOrderId.replace(/\/PR-RS-ACCESS-CIRCUIT$/, ''), handle.workflowId]);
    const signalled = partner.find(
      (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'supplierDeliveryChanged',
    )!.signalExternalWorkflowExecutionInitiatedEventAttributes!.input!.payloads![0]!;
    const change =
      retailer.client.options.loadedDataConverter.payloadConverter.fromPayload<SupplierDeliveryChange>(signalled);
    expect(change).toMatchObject({ partnerOrderId, supplierId: 'SUP-ALPHA', expectedDelivery: moved });

    // The retailer's Order Handling (1.F.1.5.4) moved its committed date and told its customer.
    const customer = told(retailer, handle.workflowId);
    expect(customer).toHaveLength(1);
    const [, now, before] = /commit to (\S+) instead of (\S+)\./.exec(customer[0]!) ?? [];
    // Moved as the wholesaler's date moved from what the retailer expected of it (its contract's lead time, then the hub's dates).
    const slip = (later: string, earlier: string) => Date.parse(later) - Date.parse(earlier);
    expect(slip(now!, before!)).toBe(slip(moved, change.previousDelivery!));
    expect(slip(now!, before!)).toBeGreaterThanOrEqual(slip(wholesalerNow!, wholesalerBefore!));
    expect(outcome.committedDate).toBe(now);
    expect(
      retailer.store.db
        .prepare('SELECT committed_date FROM product_orders WHERE id = ?')
        .pluck()
        .get(handle.workflowId),
    ).toBe(now);
  }, 300_000);

  it('the ticket pair closing: the retailer’s partner problem is the wholesaler’s TMF621 ticket, its resolution comes back by its hub, both end closed', async () => {
    const { retailer, wholesaler } = b2b;
    await wholesaler.open();
    // A VPN site whose access circuit the retailer buys from the wholesaler (its news by hub
    // events, polling an hour apart), configured on the retailer's network by its service order.
    const vpn = await submit(
      retailer,
      orderFor(retailer, 'ticketed', OFFERS.vpn, {
        timings: { supplierPollInterval: '1 hour', reservationHold: '15 minutes' },
      }),
    );
    expect((await vpn.result()).state).toBe('completed');
    const partnerOrderId = retailer.store.db
      .prepare("SELECT id FROM partner_orders WHERE supplier_id = 'SUP-ALPHA' AND id LIKE ?")
      .pluck()
      .get(`${vpn.workflowId}/%`) as string;
    const bought = (await retailer.client.workflow.getHandle(partnerOrderId).result()) as PartnerOrderResult;
    expect(bought).toMatchObject({ state: 'accepted', supplierId: 'SUP-ALPHA' });
    const circuit = bought.resourceIds[0]!;

    // A fault on it, as SM&O reports it to S/PRM (1.A.4.3): neither a poll nor an escalation
    // comes before an hour, so the wholesaler's resolution can only come by its hub.
    const req = {
      ...circuitProblem(retailer, 'PP-ticketed', {
        timings: { supplierPollInterval: '1 hour', supplierResolutionTarget: '1 hour' },
      }),
      requisitionId: partnerOrderId,
      resourceId: circuit,
      description: `loss of signal on ${circuit}, bought from the wholesaler`,
    };
    const pid = req.partnerProblemId;
    const result = (await retailer.client.workflow.execute('partnerProblem', {
      taskQueue: retailer.queue('sprm'),
      workflowId: pid,
      args: [req],
    })) as PartnerProblemResult;
    expect(result).toMatchObject({ partnerProblemId: pid, state: 'closed', escalated: false });

    // The wholesaler's ticket, read through its TMF621 API: its Problem Handling ran, the retailer confirmed.
    const res = await fetch(`${wholesaler.base}/tmf-api/troubleTicket/v4/troubleTicket/${encodeURIComponent(pid)}`, {
      headers: { authorization: `Bearer ${RETAILER_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const ticket = (await res.json()) as Record<string, unknown>;
    expectValid('TroubleTicket', ticket, 'TMF621-TroubleTicket-v4.0.0.swagger.json');
    expect(ticket).toMatchObject({ id: pid, status: 'closed' });
    expect(result.supplierReference).toBe(ticket['id']);
    // About the product the wholesaler sold the retailer, the retailer's account its customer.
    const sold = await wholesalerOrder(partnerOrderId);
    const product = (sold as unknown as { productOrderItem: Array<{ product: { id: string } }> }).productOrderItem[0]!
      .product.id;
    expect(ticket['relatedEntity']).toContainEqual(expect.objectContaining({ id: product, role: 'affectedProduct' }));
    expect(ticket['relatedParty']).toEqual([expect.objectContaining({ id: 'CUST-1005', role: 'customer' })]);
    // Never escalated: no escalation note at the wholesaler.
    const notes = (ticket['note'] as Array<{ author?: string }> | undefined) ?? [];
    expect(notes.filter((n) => n.author === 'escalation')).toEqual([]);
    const changes = ((ticket['statusChange'] as Array<{ status: string }> | undefined) ?? []).map((c) => c.status);
    expect(changes).toContain('resolved');
    expect(changes.at(-1)).toBe('closed');

    // The retailer's store: the partner problem closed, resolved by the wholesaler before, never polled.
    const row = await retailer.store.ports.partnerProblems.get(pid);
    expect(row).toMatchObject({ state: 'closed', supplierReference: pid, escalated: false });
    expect(row?.resolvedAt).toBeTruthy();
    expect(row?.closedAt).toBeTruthy();
    const kinds = (await retailer.store.ports.partnerProblems.events(pid)).map((e) => e.kind);
    expect(kinds).not.toContain('polled');

    // Its history: the wholesaler's resolution arrived as the supplierProblemReport signal (its hub event).
    const events = await history(pid);
    const converter = retailer.client.options.loadedDataConverter.payloadConverter;
    const reports = events
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((s) => s?.signalName === 'supplierProblemReport')
      .map((s) => converter.fromPayload<SupplierProblemReport>(s!.input!.payloads![0]!));
    // The wholesaler's ticket may publish its resolution in more than one event (its status, its
    // note): each is its own hub event, taken once (no event id twice).
    const resolved = reports.filter((r) => r.status === 'resolved');
    expect(resolved[0]).toMatchObject({ partnerProblemId: pid, supplierReference: pid, status: 'resolved' });
    const eventIds = reports.map((r) => r.eventId);
    expect(eventIds.every(Boolean)).toBe(true);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    const activities = events
      .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter((n): n is string => !!n);
    expect(activities).toContain('receiveAndReportSPProblem');
  }, 300_000);
});
