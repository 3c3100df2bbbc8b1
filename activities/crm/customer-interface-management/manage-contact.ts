import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Contact, ContactChannel, CustomerId } from '../../../src/domain/customer';
import { passesQuery } from '../../../src/events/filter';
import { postEvent } from '../../../src/events/listener';
import type { Ports } from '../../../src/ports';

export const OpenContactInput = z.object({
  customerId: CustomerId.nullable(),
  channel: ContactChannel,
  reason: z.string().min(1),
  summary: z.string().min(1),
});
export const CloseContactInput = z.object({ contactId: z.string().min(1) });
export const ManageContactOutput = Contact;
export const NotifyInput = z.object({ subscriptionId: z.string().min(1) });
export const NotifyOutput = z.object({
  /** `ended`: unsubscribed, or the listener answered 410; there will be nothing more to send it. */
  subscription: z.enum(['active', 'ended']),
  delivered: z.number().int(),
  /** More events wait beyond this batch. */
  more: z.boolean(),
});

/** Events sent per call: the call heartbeats after each, and a retry resumes after the last acknowledged. */
const NOTIFY_BATCH = 50;

/**
 * 1.FAB.1.2.1 — identify the contact, record it, keep it up to date, close it; and the
 * exchanges the customer's systems subscribed to: the events of the TMF Open APIs, sent to
 * their listeners in the order they were stored.
 */
export function createManageContact(ports: Pick<Ports, 'customerManagement' | 'eventSubscriptions' | 'clock'>) {
  const { customerManagement: customers, eventSubscriptions: subscriptions, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcessHandlers(
    {
      etomId: '1.FAB.1.2.1',
      handlers: {
        open: { input: OpenContactInput, output: ManageContactOutput },
        close: { input: CloseContactInput, output: ManageContactOutput },
        notify: { input: NotifyInput, output: NotifyOutput },
      },
    },
    {
      async open(input, call) {
        if (input.customerId !== null && !(await customers.getCustomer(input.customerId))) {
          return reject(BusinessErrorType.NotFound, `no customer ${input.customerId}`);
        }
        return customers.openContact(call.idempotencyKey, { ...input, openedAt: now() });
      },
      async close({ contactId }, call) {
        const contact = await customers.getContact(contactId);
        if (!contact) return reject(BusinessErrorType.NotFound, `no contact ${contactId}`);
        return customers.closeContact(call.idempotencyKey, contactId, now());
      },
      async notify({ subscriptionId }, call) {
        const subscription = await subscriptions.get(subscriptionId);
        if (!subscription) return { subscription: 'ended' as const, delivered: 0, more: false };
        const batch = await subscriptions.pending(subscriptionId, NOTIFY_BATCH);
        let delivered = 0;
        for (const e of batch) {
          if (passesQuery(subscription.query, e.envelope)) {
            if ((await postEvent(subscription.callback, e)) === 'gone') {
              await subscriptions.unsubscribe(subscriptionId, 'the listener answered 410 Gone', now());
              return { subscription: 'ended' as const, delivered, more: false };
            }
            delivered++;
          }
          // Acknowledged (or not this listener's): a retry starts after it.
          if (!(await subscriptions.delivered(subscriptionId, e.seq)))
            return { subscription: 'ended' as const, delivered, more: false };
          call.heartbeat(e.seq);
        }
        return { subscription: 'active' as const, delivered, more: batch.length === NOTIFY_BATCH };
      },
    },
  );
}
