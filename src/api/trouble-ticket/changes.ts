import { createHash } from 'node:crypto';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { Ports } from '../../ports';
import {
  cancelTroubleTicketUpdate,
  customerFeedbackSignal,
  getTroubleTicketQuery,
  type TroubleTicketView,
} from '../../../workflows/shared/assurance-messages';
import { ApiError } from '../errors';
import { innermost } from '../order-workflow';

/** A TMF621 TroubleTicket_Update, already valid against the specification. */
export interface TroubleTicketPatch {
  status?: string;
  statusChangeReason?: string;
  note?: Array<{ author?: string; text?: string; date?: string }>;
  [attribute: string]: unknown;
}

/** What a customer may change on a ticket: add a note, move its status; the rest is the operator's. */
const CHANGEABLE = new Set(['status', 'statusChangeReason', 'note', '@type', '@baseType', '@schemaLocation']);

/** How long a PATCH that confirms a fix waits for the ticket to close before answering as it stands. */
const CLOSE_WAIT_MS = 10_000;

/** How long a note waits for Problem Handling to record a ticket reported a moment before. */
const RECORD_WAIT_MS = 15_000;

/**
 * Adds a note once the ticket is recorded: Problem Handling records it first thing, so a note
 * sent right after the POST (an escalation) waits for that, within RECORD_WAIT_MS, then a 409.
 */
async function noteOnceRecorded(
  ports: Pick<Ports, 'troubleTickets'>,
  key: string,
  id: string,
  author: string,
  text: string,
  waitMs: number,
): Promise<void> {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      await ports.troubleTickets.addNote(key, id, author, text);
      return;
    } catch (err) {
      if (!(err instanceof BusinessRejection && err.type === BusinessErrorType.NotFound)) throw err;
      if (Date.now() >= until)
        throw ApiError.conflict(`ticket ${id} is not recorded yet: add the note again in a moment`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Waits, within CLOSE_WAIT_MS, for the ticket's workflow to act on the customer's word. */
async function closedSoon(handle: ReturnType<Client['workflow']['getHandle']>): Promise<void> {
  const until = Date.now() + CLOSE_WAIT_MS;
  while (Date.now() < until) {
    const view = await handle.query(getTroubleTicketQuery).catch(() => undefined);
    if (!view || view.state !== 'resolved') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A customer's change to their ticket, as Problem Handling (1.A.1.6) takes it:
 * - `cancelled`: the customer withdraws the report (update cancelTroubleTicket); the ticket's
 *   own refusal (resolved already, our notice of a network problem) is a 409 with its reason;
 * - `resolved` → `closed`: the customer confirms the fix (signal customerFeedback, satisfied);
 * - any other move is the processes' to make: 409.
 * Notes are kept with the ticket; no process acts on them.
 */
export async function changeTicket(
  client: Client,
  ports: Pick<Ports, 'troubleTickets'>,
  ticket: { id: string; status: string },
  body: TroubleTicketPatch,
  { recordWaitMs = RECORD_WAIT_MS }: { recordWaitMs?: number } = {},
): Promise<void> {
  const fixed = Object.keys(body).filter((k) => !CHANGEABLE.has(k));
  if (fixed.length)
    throw new ApiError(
      422,
      'UNPROCESSABLE_CHANGE',
      'Not a change a customer can make',
      fixed.map((k) => `/${k}: set by Problem Handling, not by the customer (change status or add a note)`).join('; '),
    );
  const { id, status: from } = ticket;
  const to = body.status;
  const handle = client.workflow.getHandle(id);
  const ended = (err: unknown) => {
    if (err instanceof WorkflowUpdateFailedError) return ApiError.conflict(innermost(err.cause).message);
    if (err instanceof WorkflowNotFoundError) return ApiError.conflict(`ticket ${id} is ${from}: it has ended`);
    return err;
  };
  if (to !== undefined && to !== from) {
    if (to === 'cancelled' && (from === 'resolved' || from === 'closed')) {
      // Refused here, as the ticket would refuse it: a doomed update costs the ticket a workflow
      // task, and a rejected update's task is the one kind the server keeps in memory only.
      throw ApiError.conflict(`ticket ${id} is ${from}: it can no longer be cancelled`);
    } else if (to === 'cancelled') {
      const reason = body.statusChangeReason?.trim() || 'cancelled at the customer’s request';
      await handle
        .executeUpdate<TroubleTicketView, [{ reason: string }]>(cancelTroubleTicketUpdate, {
          args: [{ reason }],
        })
        .catch((err: unknown) => {
          throw ended(err);
        });
    } else if (to === 'closed' && from === 'resolved') {
      await handle
        .signal(customerFeedbackSignal, { satisfied: true, comment: body.statusChangeReason ?? '' })
        .catch((err: unknown) => {
          throw ended(err);
        });
      // The signal is durable at once; the answer shows the ticket closed when it closes soon.
      await closedSoon(handle);
    } else {
      throw ApiError.conflict(
        `ticket ${id} is ${from}: a customer may cancel it before it is resolved, or close it once resolved, not move it to ${to}`,
      );
    }
  }
  for (const n of body.note ?? []) {
    if (!n.text) continue;
    const author = n.author ?? 'customer';
    // A retried PATCH adds the same note once.
    const key = createHash('sha256')
      .update(`${id}\n${author}\n${n.date ?? ''}\n${n.text}`)
      .digest('hex');
    await noteOnceRecorded(ports, `tmf621-note:${key}`, id, author, n.text, recordWaitMs);
  }
}
