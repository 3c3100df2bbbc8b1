import { condition, setHandler } from '@temporalio/workflow';
import type { TroubleTicketRequestInput } from '../../../src/domain/assurance/messages';
import { cancelTroubleTicketUpdate, type TroubleTicketView } from '../../shared/assurance-messages';

/** A ticket in these states is resolved: it can no longer be cancelled. */
export const DONE_STATES: readonly string[] = ['resolved', 'closed'];

/**
 * The customer's request to cancel a ticket (update cancelTroubleTicket), held until the
 * ticket acts on it or is resolved first; the update answers with the ticket as it then stands.
 */
export function acceptCancelRequests(req: TroubleTicketRequestInput, view: TroubleTicketView) {
  let ask: { reason: string; settled: boolean } | undefined;
  setHandler(
    cancelTroubleTicketUpdate,
    async ({ reason }) => {
      const mine = { reason: reason.trim(), settled: false };
      ask = mine;
      await condition(() => mine.settled);
      if (view.state !== 'cancelled') ask = undefined;
      return { ...view };
    },
    {
      validator: ({ reason }) => {
        if (req.origin === 'network')
          throw new Error(`ticket ${req.ticketId} is our notice of a network problem: it closes with the problem`);
        if (DONE_STATES.includes(view.state) || view.state === 'cancelled' || view.state === 'rejected')
          throw new Error(`ticket ${req.ticketId} is ${view.state}: it can no longer be cancelled`);
        if (ask) throw new Error(`ticket ${req.ticketId} is being cancelled already`);
        if (typeof reason !== 'string' || !reason.trim()) throw new Error('a reason is required to cancel a ticket');
      },
    },
  );
  return {
    /** The customer asked to cancel, and the ticket has not acted on it yet. */
    wanted: () => ask !== undefined && !ask.settled,
    reason: () => ask!.reason,
    /** The ticket acted on the request, or was resolved first: the update answers. */
    settle: () => {
      if (ask) ask.settled = true;
    },
  };
}
