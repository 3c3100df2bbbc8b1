import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Contact, ContactChannel, CustomerId } from '../../../src/domain/customer';
import { passesQuery } from '../../../src/events/filter';
import { postEvent } from '../../../src/events/listener';
import { readinessRun } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const OpenContactInput = z.object({
  customerId: CustomerId.nullable(),
  channel: ContactChannel,
  reason: z.string().min(1),
  summary: z.string().min(1),
});
export const CloseContactInput = z.object({ contactId: z.string().min(1) });
export const ManageContactOutput = Contact;
/** An opened contact, and whether it waits for an agent (the channel's agents are all on contacts). */
export const OpenContactOutput = Contact.extend({ queued: z.boolean() });
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
export function createManageContact(
  ports: Pick<Ports, 'customerManagement' | 'eventSubscriptions' | 'readinessReports' | 'clock'>,
) {
  const { customerManagement: customers, eventSubscriptions: subscriptions, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcessHandlers(
    {
      etomId: '1.FAB.1.2.1',
      handlers: {
        open: { input: OpenContactInput, output: OpenContactOutput },
        close: { input: CloseContactInput, output: ManageContactOutput },
        notify: { input: NotifyInput, output: NotifyOutput },
        actOnReadiness: { input: ReadinessRunInput, output: ReadinessOutcome },
      },
    },
    {
      async open(input, call) {
        if (input.customerId !== null && !(await customers.getCustomer(input.customerId))) {
          return reject(BusinessErrorType.NotFound, `no customer ${input.customerId}`);
        }
        // The channel's agents are all on open contacts: this one waits for the next free agent.
        const capacity = await customers.contactCapacity(input.channel);
        const queued = capacity.agents !== null && capacity.open >= capacity.agents;
        const contact = await customers.openContact(call.idempotencyKey, { ...input, openedAt: now(), queued });
        // A retry returns the contact the first call opened, queued or not as it was then.
        return { ...contact, queued: await customers.isQueued(contact.id) };
      },
      async close({ contactId }, call) {
        const contact = await customers.getContact(contactId);
        if (!contact) return reject(BusinessErrorType.NotFound, `no contact ${contactId}`);
        return customers.closeContact(call.idempotencyKey, contactId, now());
      },
      /**
       * The readiness actions addressed to Manage Contact (1.O.1.1.1's "add agents / capacity to
       * close contacts in time" on a channel): the channel gets one agent more (a channel not yet
       * modelled starts from the contacts open on it), so fewer of its contacts are queued; each
       * action records what was done, once. Its own readiness report says so.
       */
      async actOnReadiness(input, call) {
        const r = readinessRun(ports, call, 'CRM', input);
        const actions = await ports.readinessReports.addressedTo(call.etomId);
        const channelOf = (subject: string) => ContactChannel.safeParse(subject.replace(/^channel:/, ''));
        const raised: Array<{ channel: string; agents: number; actions: string[] }> = [];
        for (const channel of [...new Set(actions.map((a) => channelOf(a.subject).data))]) {
          if (!channel) continue;
          const before = await customers.contactCapacity(channel);
          const agents = await customers.setContactCapacity(`${call.idempotencyKey}/agents/${channel}`, {
            channel,
            agents: (before.agents ?? before.open) + 1,
            setBy: call.etomId,
            at: now(),
          });
          const mine = actions.filter((a) => channelOf(a.subject).data === channel);
          const outcome = `${channel}: ${agents} agent(s), ${before.agents ?? 'not modelled'} before`;
          for (const a of mine)
            await ports.readinessReports.actedOn(`${call.idempotencyKey}/acted/${a.id}`, a.id, call.etomId, outcome);
          r.findings.push(`${outcome} for ${mine.map((a) => a.id).join(', ')}`);
          raised.push({ channel, agents, actions: mine.map((a) => a.id) });
        }
        r.figures['actionsActedOn'] = raised.reduce((n, x) => n + x.actions.length, 0);
        r.figures['channelsRaised'] = raised.length;
        return r.finish({ raised });
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
