import { describe, expect, it } from 'vitest';
import { signalOf, withOrderIdAsExternal } from '../../src/api/partner-listener/events';
import { SupplierProblemReport } from '../../src/domain/assurance/messages';
import { SupplierReport } from '../../src/domain/fulfilment/partner-order';

const now = () => new Date('2026-12-07T03:00:00.000Z');
const order = (eventType: string, productOrder: Record<string, unknown>) => ({
  eventId: 'EVT-1',
  eventType,
  event: { productOrder: { id: 'PO-9', ...productOrder } },
});

describe('a supplier’s hub event read as the report S/PRM waits for', () => {
  it.each([
    ['acknowledged', 'acknowledged'],
    ['inProgress', 'acknowledged'],
    ['completed', 'delivered'],
    ['failed', 'rejected'],
    ['cancelled', 'cancelled'],
  ])('a TMF622 order %s is a %s report to our requisition (its externalId)', (state, kind) => {
    const s = signalOf(order('ProductOrderStateChangeEvent', { externalId: 'PR-1', state }), now);
    expect(s).toEqual({
      to: 'partnerOrder',
      id: 'PR-1',
      report: SupplierReport.parse({
        requisitionId: 'PR-1',
        supplierReference: 'PO-9',
        kind,
        detail: `ProductOrderStateChangeEvent: ${state}`,
        at: now().toISOString(),
        // The hub's event id goes with it: S/PRM applies the report once by it.
        eventId: 'EVT-1',
      }),
    });
  });

  it('a new expected completion date is a delivery date change; a state still deciding or an order not ours, nothing', () => {
    const moved = signalOf(
      order('ProductOrderAttributeValueChangeEvent', {
        externalId: 'PR-1',
        expectedCompletionDate: '2027-01-15T00:00:00Z',
      }),
      now,
    );
    expect(moved).toMatchObject({
      to: 'partnerOrder',
      report: { kind: 'deliveryDateChanged', deliveryDate: '2027-01-15T00:00:00Z' },
    });
    // The event names the field that changed (TMF fieldPath): the date, or an item's state carrying the date unchanged.
    const dated = { externalId: 'PR-1', state: 'inProgress', expectedCompletionDate: '2027-01-15T00:00:00Z' };
    const change = (fieldPath: string) =>
      signalOf({ ...order('ProductOrderAttributeValueChangeEvent', dated), fieldPath }, now);
    expect(change('expectedCompletionDate')).toMatchObject({ report: { kind: 'deliveryDateChanged' } });
    expect(change('productOrderItem.state')).toMatchObject({
      report: { kind: 'acknowledged', deliveryDate: '2027-01-15T00:00:00Z' },
    });
    expect(
      signalOf(order('ProductOrderStateChangeEvent', { externalId: 'PR-1', state: 'assessingCancellation' }), now),
    ).toMatchObject({ to: 'nobody' });
    expect(signalOf(order('ProductOrderStateChangeEvent', { state: 'completed' }), now)).toMatchObject({
      to: 'nobody',
    });
    expect(signalOf({ eventId: 'E', eventType: 'AlarmCreateEvent', event: {} }, now)).toMatchObject({ to: 'nobody' });
  });

  it('a TMF621 ticket resolved is a resolved report to our partner problem, dated when the supplier said it', () => {
    const s = signalOf(
      {
        eventId: 'EVT-2',
        eventType: 'TroubleTicketStatusChangeEvent',
        eventTime: '2026-12-07T02:00:00Z',
        event: {
          troubleTicket: { id: 'TT-7', externalId: 'PP-1', status: 'resolved', statusChangeReason: 'card replaced' },
        },
      },
      now,
    );
    expect(s).toEqual({
      to: 'partnerProblem',
      id: 'PP-1',
      report: SupplierProblemReport.parse({
        partnerProblemId: 'PP-1',
        supplierReference: 'TT-7',
        status: 'resolved',
        detail: 'card replaced',
        at: '2026-12-07T02:00:00.000Z',
        eventId: 'EVT-2',
      }),
    });
  });

  it('a TMF621 ticket with no externalId (this project’s own hub echoes none) names our problem by its id, as it was placed', () => {
    const event = {
      eventId: 'EVT-3',
      eventType: 'TroubleTicketStatusChangeEvent',
      eventTime: '2026-12-07T02:00:00.000Z',
      event: { troubleTicket: { id: 'PP-7', status: 'resolved', statusChangeReason: 'card replaced' } },
    };
    expect(signalOf(event, now)).toEqual({ to: 'nobody', why: 'no trouble ticket of ours' });
    const { event: read, ownId } = withOrderIdAsExternal(event);
    expect(ownId).toBe(true);
    expect(signalOf(read, now)).toMatchObject({
      to: 'partnerProblem',
      id: 'PP-7',
      report: { partnerProblemId: 'PP-7', supplierReference: 'PP-7', status: 'resolved', eventId: 'EVT-3' },
    });
    // One that carries its externalId is read as it says.
    const named = { ...event, event: { troubleTicket: { ...event.event.troubleTicket, externalId: 'PP-OURS' } } };
    expect(withOrderIdAsExternal(named)).toEqual({ event: named, ownId: false });
  });
});
