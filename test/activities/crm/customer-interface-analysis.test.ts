import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomerInterfaceManagementActivities } from '../../../activities/crm/customer-interface-management';
import { useTestStore } from '../../support/store';

const test = useTestStore('2026-03-02T09:00:00.000Z');
const { clock, rows } = test;
let cim: ReturnType<typeof createCustomerInterfaceManagementActivities>;

beforeEach(() => {
  cim = createCustomerInterfaceManagementActivities(test.store.ports);
});

const later = (seconds: number) => (clock.now = new Date(clock.now.getTime() + seconds * 1000));
/** A contact opened, lasting `seconds`, with one request of the given type. */
async function contact(
  customerId: string,
  channel: 'phone' | 'web',
  reason: string,
  seconds: number,
  type = 'orderStatus',
) {
  const c = await cim.manageContact({ action: 'open', customerId, channel, reason, summary: reason });
  await cim.manageRequest({
    action: 'receive',
    contactId: c.id,
    customerId,
    requestType: type as 'orderStatus' | 'troubleReport',
  });
  later(seconds);
  await cim.manageContact({ action: 'close', contactId: c.id });
}

describe('1.FAB.1.2.3 analyzeAndReportOnCustomer', () => {
  it('reports contacts by channel and reason, their durations, repeat contacts and how requests ended', async () => {
    await contact('CUST-1001', 'phone', 'no service', 300, 'troubleReport');
    later(86_400); // back about the same thing the next day: a repeat contact
    await contact('CUST-1001', 'phone', 'no service', 120, 'troubleReport');
    later(10 * 86_400); // ten days later: not a repeat
    await contact('CUST-1001', 'web', 'no service', 60);
    await contact('CUST-1003', 'web', 'order status', 30);
    await cim.manageContact({
      action: 'open',
      customerId: 'CUST-1003',
      channel: 'phone',
      reason: 'bill',
      summary: 'bill',
    });

    const all = await cim.analyzeAndReportOnCustomer({ customerId: null });
    expect(all).toMatchObject({
      customerId: null,
      contacts: 5,
      open: 1,
      byChannel: { phone: 3, web: 2 },
      byReason: { 'no service': 3, 'order status': 1, bill: 1 },
      averageDurationSeconds: Math.round((300 + 120 + 60 + 30) / 4),
      longestDurationSeconds: 300,
      repeatContacts: 1,
      requests: { total: 4, byType: { troubleReport: 2, orderStatus: 2 }, satisfied: 2, unsatisfied: 0, selfServed: 2 },
    });
    const one = await cim.analyzeAndReportOnCustomer({ customerId: 'CUST-1003' });
    expect({ contacts: one.contacts, open: one.open, repeat: one.repeatContacts }).toEqual({
      contacts: 2,
      open: 1,
      repeat: 0,
    });
    expect(rows('SELECT id, customer_id FROM customer_contact_reports ORDER BY id')).toEqual([
      { id: all.id, customer_id: null },
      { id: one.id, customer_id: 'CUST-1003' },
    ]);
  });

  it('refuses an unknown customer', async () => {
    await expect(cim.analyzeAndReportOnCustomer({ customerId: 'CUST-0000' })).rejects.toMatchObject({
      type: 'NotFound',
    });
  });
});
