import { avg, round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** Manage Contact (1.FAB.1.2.1): the process that puts agents on a channel's contacts. */
export const MANAGE_CONTACT = '1.FAB.1.2.1';

/** 1.O.1.1.1 — contact trends (type, frequency, duration, outcome) and agent capacity per channel. */
export function createSupportCustomerInterfaceManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.1', layer: 'CRM' }, ports, async (r) => {
    const t = await ports.operationalTrends.trend('contacts', r.since);
    const channels = t.rows.filter((x) => x.group.startsWith('channel:'));
    r.figures['contacts'] = total(t, 'contacts', 'channel:');
    r.figures['openContacts'] = total(t, 'open', 'channel:');
    for (const c of channels)
      r.figures[`${c.group}.meanDurationSeconds`] = round(c.figures['meanDurationSeconds'] ?? 0);
    for (const x of t.rows.filter((y) => y.group.startsWith('reason:')))
      r.figures[`${x.group}.contacts`] = x.figures['contacts'] ?? 0;
    await r.hold(
      'contacts.meanDurationSeconds',
      channels.map((c) => ({
        subject: c.group,
        value: c.figures['meanDurationSeconds'] ?? 0,
        action: `Contacts on ${c.group.slice(8)} take too long: add agents to the channel and update the agents' scripts for the commonest reasons.`,
        // Agents on a channel are Manage Contact's (1.FAB.1.2.1): the action is addressed to it, and it acts.
        addressedTo: MANAGE_CONTACT,
      })),
    );
    await r.hold(
      'contacts.openShare',
      channels.map((c) => ({
        subject: c.group,
        value: avg(c.figures['open'] ?? 0, c.figures['contacts'] ?? 0),
        action: `Contacts on ${c.group.slice(8)} are left open: add capacity to close them in time.`,
        addressedTo: MANAGE_CONTACT,
      })),
    );
    return r.finish({ channels: channels.map((c) => c.group) });
  });
}
