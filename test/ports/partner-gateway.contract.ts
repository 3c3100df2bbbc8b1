import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { PartnerGatewayPort, ProblemReport, Requisition } from '../../src/ports/partner-gateway';
import { rejection, withHarness } from './harness';

/**
 * The partner gateway's contract (S/PRM's port to a supplier), for every adapter: the simulator
 * inside our process, and the HTTP adapter to a supplier speaking TMF622/TMF621. The same
 * requisition placed twice is one supplier order; a cancellation ends it cancelled; a cease ends
 * a delivered product ceased, once, and is refused for one not delivered; a problem
 * reported twice is one supplier ticket, followed and closed; its bill to us is read the same
 * however often asked, in integer minor units. What the supplier does in between
 * (acknowledge, deliver, fix) runs on its own time, so the answers before a close name the
 * states a supplier may be in by then.
 */

export interface PartnerGatewayHarness {
  port: PartnerGatewayPort;
  /** A requisition this supplier takes, under the given id. */
  requisition(requisitionId: string): Requisition;
  /** A problem on what was bought under a requisition. */
  problem(partnerProblemId: string, requisitionId: string): ProblemReport;
  /** An id no other test of this run uses (the HTTP supplier outlives one test). */
  id(name: string): string;
  /** How many orders the supplier holds for a requisition, counted on the supplier's side. */
  supplierOrders(requisitionId: string): Promise<number>;
  /** How many tickets the supplier holds for a problem, counted on the supplier's side. */
  supplierTickets(partnerProblemId: string): Promise<number>;
  /** Returns once the supplier has delivered the requisition (its time let run, or waited for). */
  delivered(requisitionId: string): Promise<void>;
  /** Asserts, on the supplier's side, that what the requisition delivered is ended, by one request. */
  ceasedAtSupplier(requisitionId: string): Promise<void>;
  /** Asserts, on the supplier's side, that the requisition's order was cancelled there, by one cancellation. */
  cancelledAtSupplier(requisitionId: string): Promise<void>;
  /** Has the supplier bill us for what it provides (its bill cycle run); answers the supplier's id. */
  billed(): Promise<string>;
  close(): Promise<void>;
}

const OPEN = ['placed', 'acknowledged'];
const PROBLEM_OPEN = ['reported', 'acknowledged', 'inProgress', 'resolved'];

export function partnerGatewayContract(adapter: string, make: () => Promise<PartnerGatewayHarness>): void {
  const withGateway = withHarness(make);

  describe(`partner gateway port on ${adapter}`, () => {
    it(
      'place: one supplier order per requisition however often it is placed; status follows it',
      withGateway(async (h) => {
        const id = h.id('REQ-place');
        const placed = await h.port.placeRequisition(`place/${id}`, h.requisition(id));
        expect(placed).toMatchObject({ requisitionId: id, delivered: [] });
        expect(OPEN).toContain(placed.status);
        expect(placed.supplierReference).toMatch(/\S/);
        // The activity retried (same key), and the workflow asking again (another key): the one order.
        const again = await h.port.placeRequisition(`place/${id}`, h.requisition(id));
        const other = await h.port.placeRequisition(`place/${id}/2`, h.requisition(id));
        expect([again.supplierReference, other.supplierReference]).toEqual([
          placed.supplierReference,
          placed.supplierReference,
        ]);
        expect(await h.supplierOrders(id)).toBe(1);
        const now = await h.port.status(id);
        expect(now).toMatchObject({ requisitionId: id, supplierReference: placed.supplierReference });
        expect([...OPEN, 'delivered']).toContain(now.status);
      }),
    );

    it(
      'cancel: the order ends cancelled at the supplier, once, and stays so',
      withGateway(async (h) => {
        const id = h.id('REQ-cancel');
        const placed = await h.port.placeRequisition(`place/${id}`, h.requisition(id));
        const cancelled = await h.port.cancelRequisition(`cancel/${id}`, id, 'the customer withdrew the order');
        expect(cancelled).toMatchObject({
          requisitionId: id,
          supplierReference: placed.supplierReference,
          status: 'cancelled',
          delivered: [],
        });
        expect(await h.port.status(id)).toMatchObject({ status: 'cancelled' });
        // A retried cancellation answers where it stands: cancelled, still one order.
        expect(await h.port.cancelRequisition(`cancel/${id}`, id, 'again')).toMatchObject({ status: 'cancelled' });
        expect(await h.supplierOrders(id)).toBe(1);
        await h.cancelledAtSupplier(id);
      }),
    );

    it(
      'cease: a delivered product ends ceased, once; one not delivered is refused (cancel it instead)',
      withGateway(async (h) => {
        const early = h.id('REQ-cease-early');
        await h.port.placeRequisition(`place/${early}`, h.requisition(early));
        const refused = await rejection(h.port.ceaseRequisition(`cease/${early}`, early, 'ceased too soon'));
        expect(refused.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect(refused.message).toMatch(/cancel it instead/);

        const id = h.id('REQ-cease');
        const placed = await h.port.placeRequisition(`place/${id}`, h.requisition(id));
        await h.delivered(id);
        expect(await h.port.status(id)).toMatchObject({ status: 'delivered' });
        const ceased = await h.port.ceaseRequisition(`cease/${id}`, id, 'the service it carried is ceased');
        expect(ceased).toMatchObject({
          requisitionId: id,
          supplierReference: placed.supplierReference,
          status: 'ceased',
          delivered: [],
        });
        expect(await h.port.status(id)).toMatchObject({ status: 'ceased', delivered: [] });
        // Retried (same key) or asked again (another key): the one cease, the order bought still one.
        expect(await h.port.ceaseRequisition(`cease/${id}`, id, 'again')).toMatchObject({ status: 'ceased' });
        expect(await h.port.ceaseRequisition(`cease/${id}/2`, id, 'again')).toMatchObject({ status: 'ceased' });
        expect(await h.supplierOrders(id)).toBe(1);
        await h.ceasedAtSupplier(id);
      }),
    );

    it(
      'problems: one supplier ticket per problem, followed, then closed and staying closed',
      withGateway(async (h) => {
        const req = h.id('REQ-problem');
        await h.port.placeRequisition(`place/${req}`, h.requisition(req));
        const pid = h.id('SPP-1');
        const reported = await h.port.reportProblem(`report/${pid}`, h.problem(pid, req));
        expect(reported).toMatchObject({ partnerProblemId: pid, escalations: 0 });
        expect(reported.supplierReference).toMatch(/\S/);
        expect(PROBLEM_OPEN).toContain(reported.status);
        const again = await h.port.reportProblem(`report/${pid}`, h.problem(pid, req));
        expect(again.supplierReference).toBe(reported.supplierReference);
        expect(await h.supplierTickets(pid)).toBe(1);
        const followed = await h.port.problemStatus(pid);
        expect(followed).toMatchObject({ partnerProblemId: pid, supplierReference: reported.supplierReference });
        expect(PROBLEM_OPEN).toContain(followed.status);
        const closed = await h.port.closeProblem(`close/${pid}`, pid, 'withdrawn: the fault was ours');
        expect(closed).toMatchObject({ partnerProblemId: pid, status: 'closed' });
        expect(await h.port.problemStatus(pid)).toMatchObject({ status: 'closed' });
        expect(await h.port.closeProblem(`close/${pid}`, pid, 'again')).toMatchObject({ status: 'closed' });
        expect(await h.supplierTickets(pid)).toBe(1);
      }),
    );

    it(
      'bill: the supplier’s bill to us, in integer minor units, the same however often read; a dispute answered or left open',
      withGateway(async (h) => {
        const supplierId = await h.billed();
        const bill = await h.port.supplierBill(supplierId, 'P1');
        expect(bill.supplierReference).toMatch(/\S/);
        expect(bill.lines.length).toBeGreaterThan(0);
        for (const line of bill.lines) {
          expect(line.reference).toMatch(/\S/);
          expect(Number.isInteger(line.amountMinor), `${line.reference}: ${line.amountMinor}`).toBe(true);
        }
        expect(await h.port.supplierBill(supplierId, 'P1')).toEqual(bill);
        const claim = {
          supplierReference: bill.supplierReference,
          amountMinor: 100,
          reason: `${bill.lines[0]!.reference}: billed above contract`,
          aboveContract: true,
        };
        expect(['open', 'accepted', 'refused']).toContain(await h.port.answerDispute(supplierId, claim));
      }),
    );

    it(
      'a requisition or a problem the supplier does not know is NotFound, not a transient fault',
      withGateway(async (h) => {
        expect((await rejection(h.port.status(h.id('REQ-never-placed')))).type).toBe(BusinessErrorType.NotFound);
        expect((await rejection(h.port.problemStatus(h.id('SPP-never')))).type).toBe(BusinessErrorType.NotFound);
      }),
    );
  });
}
