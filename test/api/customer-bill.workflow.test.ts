import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BillRunRequest } from '../../src/domain/billing/billing';
import type { billCollection, billingAndCollections } from '../../workflows/crm/billing-collections-management';
import { getCollectionQuery, paymentReceivedSignal } from '../../workflows/shared/billing-messages';
import { recordOutageCredit } from '../support/billing';
import { eventually } from '../support/fulfilment';
import { subscribe } from './hub-subscription';
import { listener } from './listener';
import { type ApiTestRuntime, expectValid, TOKENS, withApi } from './support';

const TMF678 = 'TMF678-CustomerBillManagement-v4.0.0.swagger.json';
const TMF666 = 'TMF666-AccountManagement-v4.0.0.swagger.json';
const CBM = '/tmf-api/customerBillManagement/v4';
const AM = '/tmf-api/accountManagement/v4';

type Money = { unit: string; value: number };
type Bill = {
  id: string;
  state?: string;
  billingAccount: { id: string; href: string };
  amountDue: Money;
  remainingAmount: Money;
  taxExcludedAmount: Money;
  taxIncludedAmount: Money;
  [k: string]: unknown;
};
type Rate = { id: string; type: string; name: string; taxExcludedAmount: Money; bill: { id: string } };
type Envelope = { eventId: string; eventType: string; event: Record<string, { id: string; state?: string }> };

const minor = (m: Money) => Math.round(m.value * 100);

const bills = <T = Bill[]>(rt: ApiTestRuntime, url: string, token?: string) =>
  rt.call<T>('GET', `${CBM}${url}`, { expect: 'CustomerBill', spec: TMF678, token });
const rates = <T = Rate[]>(rt: ApiTestRuntime, url: string) =>
  rt.call<T>('GET', `${CBM}${url}`, { expect: 'AppliedCustomerBillingRate', spec: TMF678 });

/** What the listener heard of one entity: each event type with the entity's state. */
const heard = (events: Envelope[], entity: string, id: string) =>
  events.filter((e) => e.event[entity]?.id === id).map((e) => `${e.eventType}:${e.event[entity]!.state}`);

describe('TMF678 Customer Bill and TMF666 events against the real bill cycle', () => {
  it('shows the bills and their rates as the store holds them, filters and pages them, and publishes their events', async () => {
    await withApi(
      async (rt) => {
        const heardAll = await listener<Envelope>();
        for (const [base, spec] of [
          [CBM, TMF678],
          [AM, TMF666],
        ] as const)
          await subscribe(rt, base, spec, heardAll.url);
        const credit = await recordOutageCredit(rt.store.ports);
        const run = await rt.client.workflow.execute<typeof billingAndCollections>('billingAndCollections', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('billRun'),
          args: [
            BillRunRequest.parse({
              settle: false,
              timings: { paymentTerm: '8 seconds', dunningInterval: '500 ms', suspensionWait: '1 minute' },
              invoiceDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bills-')),
            }),
          ],
        });
        expect(run.bills).toHaveLength(6);

        // Every bill, as the store holds it: its amounts, and its rates adding up to its net.
        const all = await bills(rt, '/customerBill');
        expect(all.headers.get('x-total-count')).toBe('6');
        expect(all.headers.get('x-result-count')).toBe('6');
        for (const b of all.body) {
          const row = rt.store.db
            .prepare('SELECT net_minor, tax_minor, total_minor, paid_minor, billing_account_id FROM bills WHERE id = ?')
            .get(b.id) as { net_minor: number; total_minor: number; paid_minor: number; billing_account_id: string };
          expect(b.state).toBe('sent');
          expect(minor(b.taxExcludedAmount)).toBe(row.net_minor);
          expect(minor(b.taxIncludedAmount)).toBe(row.total_minor);
          expect(minor(b.amountDue)).toBe(row.total_minor);
          expect(minor(b.remainingAmount)).toBe(row.total_minor - row.paid_minor);
          expect(b.billingAccount).toMatchObject({
            id: row.billing_account_id,
            href: `${AM}/billingAccount/${row.billing_account_id}`,
          });
          const lines = await rates(rt, `/appliedCustomerBillingRate?bill.id=${b.id}`);
          const stored = rt.store.db
            .prepare("SELECT COUNT(*) FROM bill_lines WHERE bill_id = ? AND kind <> 'tax'")
            .pluck()
            .get(b.id);
          expect(lines.body).toHaveLength(stored as number);
          expect(lines.body.reduce((s, r) => s + minor(r.taxExcludedAmount), 0)).toBe(row.net_minor);
          // The account the bill names is TMF666's, and answers there.
          await rt.call('GET', b.billingAccount.href, { expect: 'BillingAccount', spec: TMF666 });
        }
        const b1001 = run.bills.find((b) => b.customerId === 'CUST-1001')!;
        const late = run.bills.find((b) => b.customerId === 'CUST-1006')!;
        const one = await bills<Bill>(rt, `/customerBill/${b1001.billId}`);
        expect(one.body).toMatchObject({ id: b1001.billId, relatedParty: [{ id: 'CUST-1001', role: 'customer' }] });
        const credits = await rates(
          rt,
          `/appliedCustomerBillingRate?bill.id=${b1001.billId}&type=appliedBillingCredit`,
        );
        expect(credits.body).toEqual([
          expect.objectContaining({ name: 'slaCredit', taxExcludedAmount: { unit: 'EUR', value: -12.9 } }),
        ]);
        expect(JSON.stringify(credits.body)).toContain(credit.id);
        const charge = (await rates(rt, `/appliedCustomerBillingRate?bill.id=${b1001.billId}`)).body[0]!;
        const read = await rates<Rate & { product: { id: string } }>(rt, `/appliedCustomerBillingRate/${charge.id}`);
        expect(read.body).toMatchObject({ type: 'appliedBillingCharge', product: { id: 'PRD-IB01' } });

        // Filters, projection and paging.
        const count = async (url: string) => (await bills(rt, url)).headers.get('x-total-count');
        expect(await count('/customerBill?state=sent')).toBe('6');
        expect(await count('/customerBill?state=settled,partiallyPaid')).toBe('0');
        expect(await count(`/customerBill?billingAccount.id=BA-CUST-1001`)).toBe('1');
        expect(await count(`/customerBill?relatedParty.id=CUST-1006,CUST-1001`)).toBe('2');
        expect(await count('/customerBill?billDate.gte=2000-01-01T00:00:00Z')).toBe('6');
        expect(await count('/customerBill?billDate.lt=2000-01-01T00:00:00Z')).toBe('0');
        const page = await bills(rt, '/customerBill?offset=4&limit=3&fields=state,amountDue');
        expect(page.headers.get('x-total-count')).toBe('6');
        expect(page.headers.get('x-result-count')).toBe('2');
        for (const b of page.body)
          expect(Object.keys(b).sort()).toEqual(
            ['@baseType', '@schemaLocation', '@type', 'amountDue', 'href', 'id', 'state'].sort(),
          );
        const pagedRates = await rates(rt, '/appliedCustomerBillingRate?limit=1&fields=bill');
        expect(Number(pagedRates.headers.get('x-total-count'))).toBeGreaterThan(6);
        expect(Object.keys(pagedRates.body[0]!)).toContain('bill');
        expect(Object.keys(pagedRates.body[0]!)).not.toContain('taxExcludedAmount');

        // Errors: unknown, read only, on demand not offered, bad query, no token, another API's token.
        const status = async (method: string, url: string, token?: string | null) =>
          (await rt.call(method, `${CBM}${url}`, { body: method === 'GET' ? undefined : {}, token })).status;
        expect(await status('GET', '/customerBill/BILL-NONE')).toBe(404);
        expect(await status('GET', '/appliedCustomerBillingRate/BILL-NONE-L1')).toBe(404);
        expect(await status('POST', '/customerBill')).toBe(405);
        expect(await status('PATCH', `/customerBill/${b1001.billId}`)).toBe(405);
        expect(await status('POST', '/appliedCustomerBillingRate')).toBe(405);
        expect(await status('POST', '/customerBillOnDemand')).toBe(405);
        expect(await status('GET', '/customerBillOnDemand/X')).toBe(405);
        expect(await status('GET', '/customerBill?colour=red')).toBe(400);
        expect(await status('GET', '/customerBill?billDate.gt=yesterday')).toBe(400);
        expect(await status('GET', '/customerBill', null)).toBe(401);
        expect(await status('GET', '/customerBill', TOKENS.otherApi)).toBe(403);
        expect(await status('POST', '/hub', TOKENS.reader)).toBe(403);
        expect((await bills(rt, '/customerBill?limit=1', TOKENS.reader)).status).toBe(200);

        // CUST-1001 pays in two parts; the others pay in full but CUST-1006, who pays once suspended.
        const pay = (b: typeof b1001, amountMinor: number, reference: string) =>
          rt.client.workflow
            .getHandle(b.collectionWorkflowId)
            .signal(paymentReceivedSignal, { amountMinor, reference });
        await pay(b1001, 1_000, 'PAY-PART');
        await eventually(
          async () => (await bills<Bill>(rt, `/customerBill/${b1001.billId}`)).body.state === 'partiallyPaid',
          'the first part to be recorded',
        );
        await pay(b1001, b1001.totalMinor - 1_000, 'PAY-REST');
        for (const b of run.bills.filter((x) => x !== b1001 && x !== late))
          await pay(b, b.totalMinor, `PAY-${b.billId}`);
        const collection = rt.client.workflow.getHandle<typeof billCollection>(late.collectionWorkflowId);
        await eventually(async () => (await collection.query(getCollectionQuery)).state === 'suspended', 'suspension');
        await pay(late, late.totalMinor, 'PAY-LATE');
        expect(await collection.result()).toMatchObject({ state: 'restored' });

        const settled = await bills<Bill>(rt, `/customerBill/${b1001.billId}`);
        expect(settled.body).toMatchObject({ state: 'settled', remainingAmount: { unit: 'EUR', value: 0 } });
        expect(await count('/customerBill?state=settled')).toBe('6');

        // The listener heard each bill issued, then each move of its state, once, in order; and the account's suspension.
        await expect
          .poll(() => heard(heardAll.received, 'customerBill', late.billId), { timeout: 60_000, interval: 500 })
          .toEqual(['CustomerBillCreateEvent:sent', 'CustomerBillStateChangeEvent:settled']);
        await expect
          .poll(() => heard(heardAll.received, 'billingAccount', 'BA-CUST-1006'), { timeout: 60_000, interval: 500 })
          .toEqual(['BillingAccountStateChangeEvent:suspended', 'BillingAccountStateChangeEvent:active']);
        expect(heard(heardAll.received, 'customerBill', b1001.billId)).toEqual([
          'CustomerBillCreateEvent:sent',
          'CustomerBillStateChangeEvent:partiallyPaid',
          'CustomerBillStateChangeEvent:settled',
        ]);
        for (const e of heardAll.received) {
          if (e.event.customerBill) expectValid('CustomerBill', e.event.customerBill, TMF678);
          else {
            expectValid(e.eventType, e, TMF666);
            expectValid('BillingAccount', e.event.billingAccount, TMF666);
          }
        }
        const stored = rt.store.db
          .prepare(
            "SELECT event_id FROM event_outbox WHERE api IN ('customerBillManagement', 'accountManagement') ORDER BY seq",
          )
          .pluck()
          .all() as string[];
        await expect
          .poll(() => heardAll.received.map((e) => e.eventId).sort(), { timeout: 60_000, interval: 500 })
          .toEqual([...stored].sort());
        await heardAll.close();
      },
      { installedBase: true },
    );
  }, 240_000);
});
