import { describe, expect, it } from 'vitest';
import { BusinessRejection } from '../../src/contracts/errors';
import type { CustomerManagementPort } from '../../src/ports/customer-management';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The customer management contract (Customer Interaction Management 1.FAB.1.2 and the customer
 * record), for every adapter (docs/ADAPTERS.md): customers and credit profiles as stored,
 * contacts opened once per key (queued or not), closed once with their duration, each channel's
 * agents, requests recorded and routed, and workers opening and closing contacts at once.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
const LATER = '2026-03-02T09:05:30.000Z';

export type CustomerManagementHarness = StoreHarness<CustomerManagementPort>;

const FIXTURES: readonly Fixture[] = [
  [
    'customers',
    {
      id: 'CUST-1',
      name: 'Ada',
      segment: 'business',
      region: 'PAR',
      email: 'ada@example.test',
      status: 'active',
      created_at: NOW,
    },
  ],
  [
    'credit_profiles',
    {
      customer_id: 'CUST-1',
      credit_score: 720,
      credit_limit_minor: 500_000,
      outstanding_minor: 12_345,
      days_past_due: 3,
      fraud_flag: 1,
      updated_at: NOW,
    },
  ],
];

const contact = (over: { queued?: boolean; channel?: 'chat' | 'phone' } = {}) => ({
  customerId: 'CUST-1',
  channel: over.channel ?? ('chat' as const),
  reason: 'billing',
  summary: 'why this charge',
  openedAt: NOW,
  ...(over.queued === undefined ? {} : { queued: over.queued }),
});

/** A plain error, not a business rejection: the caller's own contact or request is missing. */
async function plainError(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  expect(err).not.toBeInstanceOf(BusinessRejection);
  return err as Error;
}

export function customerManagementContract(adapter: string, make: () => Promise<CustomerManagementHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`customer management port on ${adapter}`, () => {
    it(
      'customers and credit profiles as stored: money in minor units, the fraud flag a boolean',
      withStore(async (h) => {
        expect(await h.port.getCustomer('CUST-1')).toMatchObject({
          id: 'CUST-1',
          name: 'Ada',
          segment: 'business',
          region: 'PAR',
          email: 'ada@example.test',
          phone: null,
          status: 'active',
        });
        expect(await h.port.getCreditProfile('CUST-1')).toEqual({
          customerId: 'CUST-1',
          creditScore: 720,
          creditLimitMinor: 500_000,
          outstandingMinor: 12_345,
          daysPastDue: 3,
          fraudFlag: true,
        });
        expect(await h.port.getCustomer('CUST-NONE')).toBeUndefined();
        expect(await h.port.getCreditProfile('CUST-NONE')).toBeUndefined();
      }),
    );

    it(
      'contacts: opened once per key, queued or not, counted open per channel; closed once with their duration',
      withStore(async (h) => {
        const a = await h.port.openContact('k/a', contact());
        expect(a).toEqual({
          id: 'CT-000001',
          customerId: 'CUST-1',
          channel: 'chat',
          reason: 'billing',
          summary: 'why this charge',
          openedAt: NOW,
          closedAt: null,
          durationSeconds: null,
        });
        expect(await h.port.openContact('k/a', contact())).toEqual(a);
        const b = await h.port.openContact('k/b', contact({ queued: true }));
        await h.port.openContact('k/c', contact({ channel: 'phone' }));
        expect([await h.port.isQueued(a.id), await h.port.isQueued(b.id), await h.port.isQueued('CT-NONE')]).toEqual([
          false,
          true,
          false,
        ]);
        expect(await h.port.contactCapacity('chat')).toEqual({ agents: null, open: 2 });

        const closed = await h.port.closeContact('k/close', a.id, LATER);
        expect(closed).toMatchObject({ closedAt: LATER, durationSeconds: 330 });
        expect(await h.port.closeContact('k/close2', a.id, '2026-03-02T10:00:00.000Z')).toEqual(closed);
        expect(await h.port.getContact(a.id)).toEqual(closed);
        expect(await h.port.getContact('CT-NONE')).toBeUndefined();
        expect(await h.port.contactCapacity('chat')).toEqual({ agents: null, open: 1 });

        await plainError(h.port.closeContact('k/none', 'CT-NONE', LATER));
        expect(await h.count('contacts')).toBe(3);
      }),
    );

    it(
      "each channel's agents: set once per key, set again by a later action",
      withStore(async (h) => {
        expect(
          await h.port.setContactCapacity('k/s1', { channel: 'chat', agents: 2, setBy: '1.FAB.1.2.1', at: NOW }),
        ).toBe(2);
        expect(await h.port.setContactCapacity('k/s1', { channel: 'chat', agents: 9, setBy: 'x', at: NOW })).toBe(2);
        expect(await h.port.contactCapacity('chat')).toEqual({ agents: 2, open: 0 });
        await h.port.setContactCapacity('k/s2', { channel: 'chat', agents: 3, setBy: '1.FAB.1.2.1', at: LATER });
        expect(await h.port.contactCapacity('chat')).toEqual({ agents: 3, open: 0 });
        expect(await h.port.contactCapacity('phone')).toEqual({ agents: null, open: 0 });
        expect(await h.count('contact_capacity')).toBe(1);
      }),
    );

    it(
      'requests: recorded once per key with their payload, routed and moved on keeping what they were routed to',
      withStore(async (h) => {
        const c = await h.port.openContact('k/c', contact());
        const payload = { billId: 'BILL-1', lines: [1, 2] };
        const r = await h.port.recordRequest('k/r', {
          contactId: c.id,
          customerId: 'CUST-1',
          requestType: 'billingInquiry',
          payload,
          at: NOW,
        });
        expect(r).toEqual({
          id: 'RQ-000001',
          contactId: c.id,
          customerId: 'CUST-1',
          requestType: 'billingInquiry',
          payload,
          status: 'received',
          routedTo: null,
          reference: null,
          createdAt: NOW,
          updatedAt: NOW,
        });
        expect(
          await h.port.recordRequest('k/r', {
            contactId: c.id,
            customerId: 'CUST-1',
            requestType: 'x',
            payload,
            at: NOW,
          }),
        ).toEqual(r);
        const routed = await h.port.updateRequest('k/u1', r.id, {
          status: 'routed',
          routedTo: '1.B.1.8.1',
          reference: 'BI-1',
          at: LATER,
        });
        expect(routed).toMatchObject({ status: 'routed', routedTo: '1.B.1.8.1', reference: 'BI-1', updatedAt: LATER });
        expect(await h.port.updateRequest('k/u2', r.id, { status: 'closed', at: LATER })).toMatchObject({
          status: 'closed',
          routedTo: '1.B.1.8.1',
          reference: 'BI-1',
        });
        expect(await h.port.getRequest('RQ-NONE')).toBeUndefined();
        await plainError(h.port.updateRequest('k/u3', 'RQ-NONE', { status: 'closed', at: LATER }));
        // The refused update did not spend its key.
        expect(await h.port.updateRequest('k/u3', r.id, { status: 'closed', at: LATER })).toMatchObject({
          status: 'closed',
        });
      }),
    );

    it(
      'concurrent workers: contacts opened at once get distinct ids; one closed by several at once keeps one duration',
      withStore(async (h) => {
        const opened = await Promise.all([1, 2, 3, 4, 5].map((i) => h.port.openContact(`k/o/${i}`, contact())));
        expect(new Set(opened.map((c) => c.id)).size).toBe(5);
        const closes = await Promise.all(
          [10, 20, 30].map((s) => h.port.closeContact(`k/c/${s}`, opened[0]!.id, `2026-03-02T09:00:${s}.000Z`)),
        );
        expect(new Set(closes.map((c) => c.durationSeconds)).size).toBe(1);
        expect((await h.port.getContact(opened[0]!.id))!.durationSeconds).toBe(closes[0]!.durationSeconds);
      }),
    );
  });
}
