import { ApplicationFailure } from '@temporalio/activity';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomerInterfaceManagementActivities } from '../../../activities/crm/customer-interface-management';
import { useTestStore } from '../../support/store';

const test = useTestStore('2026-03-02T09:00:00Z');
const { clock, one: row } = test;
let cim: ReturnType<typeof createCustomerInterfaceManagementActivities>;

beforeEach(() => {
  cim = createCustomerInterfaceManagementActivities(test.store.ports);
});

describe('1.FAB.1.2.1 manageContact', () => {
  it('records a contact and, on close, its duration', async () => {
    const opened = await cim.manageContact({
      action: 'open',
      customerId: 'CUST-1001',
      channel: 'phone',
      reason: 'new line',
      summary: 'asks for a telephone line',
    });
    expect(row('SELECT customer_id, channel, closed_at FROM contacts WHERE id = ?', opened.id)).toEqual({
      customer_id: 'CUST-1001',
      channel: 'phone',
      closed_at: null,
    });
    clock.now = new Date('2026-03-02T09:07:30Z');
    const closed = await cim.manageContact({ action: 'close', contactId: opened.id });
    expect(closed.durationSeconds).toBe(450);
    expect(row('SELECT duration_seconds FROM contacts WHERE id = ?', opened.id)).toEqual({ duration_seconds: 450 });
  });

  it('records a prospect (no customer yet) but refuses an unknown customer id', async () => {
    const prospect = await cim.manageContact({
      action: 'open',
      customerId: null,
      channel: 'web',
      reason: 'r',
      summary: 's',
    });
    expect(prospect.customerId).toBeNull();
    await expect(
      cim.manageContact({ action: 'open', customerId: 'CUST-9999', channel: 'web', reason: 'r', summary: 's' }),
    ).rejects.toMatchObject({ type: 'NotFound', nonRetryable: true });
  });

  it('opens one contact per idempotency key, however often it is retried', async () => {
    const input = { action: 'open', customerId: 'CUST-1003', channel: 'chat', reason: 'r', summary: 's' } as const;
    const a = await cim.manageContact(input, { idempotencyKey: 'wf-9/1' });
    const b = await cim.manageContact(input, { idempotencyKey: 'wf-9/1' });
    expect(b.id).toBe(a.id);
    expect(row("SELECT COUNT(*) AS n FROM contacts WHERE customer_id = 'CUST-1003'")).toEqual({ n: 1 });
  });
});

describe('1.FAB.1.2.2 manageRequest', () => {
  async function contact() {
    return cim.manageContact({ action: 'open', customerId: 'CUST-1001', channel: 'web', reason: 'r', summary: 's' });
  }

  it('answers a self-service request at once from the customer record', async () => {
    const c = await contact();
    const out = await cim.manageRequest({
      action: 'receive',
      contactId: c.id,
      customerId: 'CUST-1001',
      requestType: 'customerDetails',
    });
    expect(out.routedTo).toBeNull();
    expect(out.answer).toMatchObject({ name: 'Boulangerie Dupont SARL', region: 'PAR' });
    expect(row('SELECT status FROM customer_requests WHERE id = ?', out.request.id)).toEqual({ status: 'selfServed' });
  });

  it('hands an order request to Order Handling and tracks it to closure', async () => {
    const c = await contact();
    const out = await cim.manageRequest({
      action: 'receive',
      contactId: c.id,
      customerId: 'CUST-1001',
      requestType: 'productOrder',
      payload: { offering: 'PO-FIBRE-BIZ' },
    });
    expect(out.routedTo).toBe('1.F.1.5');
    expect(row('SELECT status, routed_to FROM customer_requests WHERE id = ?', out.request.id)).toEqual({
      status: 'routed',
      routed_to: '1.F.1.5',
    });
    await cim.manageRequest({ action: 'progress', requestId: out.request.id, status: 'closed', reference: 'PO-1' });
    expect(row('SELECT status, reference FROM customer_requests WHERE id = ?', out.request.id)).toEqual({
      status: 'closed',
      reference: 'PO-1',
    });
    const again = await cim
      .manageRequest({ action: 'progress', requestId: out.request.id, status: 'inProgress' })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ApplicationFailure);
    expect((again as ApplicationFailure).type).toBe('InvalidStateTransition');
  });

  it('refuses a request type nobody serves, writing nothing', async () => {
    const c = await contact();
    await expect(
      cim.manageRequest({
        action: 'receive',
        contactId: c.id,
        customerId: 'CUST-1001',
        // @ts-expect-error: not a request type
        requestType: 'teleport',
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
    expect(row('SELECT COUNT(*) AS n FROM customer_requests')).toEqual({ n: 0 });
  });
});
