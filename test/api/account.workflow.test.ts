import { describe, expect, it } from 'vitest';
import { type ApiTestRuntime, TOKENS, withApi } from './support';

const TMF666 = 'TMF666-AccountManagement-v4.0.0.swagger.json';
const AM = '/tmf-api/accountManagement/v4';

type Money = { unit: string; value: number };
type Account = {
  id: string;
  name: string;
  state: string;
  paymentStatus: string;
  accountBalance: Array<{ balanceType: string; amount: Money }>;
  creditLimit?: Money;
  relatedParty: Array<{ id: string; name: string }>;
  contact?: Array<{ contactMedium: Array<{ characteristic: { street1: string } }> }>;
  billStructure: { presentationMedia: Array<{ name: string }> };
  [k: string]: unknown;
};

const accounts = <T = Account[]>(rt: ApiTestRuntime, url: string, token?: string) =>
  rt.call<T>('GET', `${AM}${url}`, { expect: 'BillingAccount', spec: TMF666, token });

describe('TMF666 Account Management against the store', () => {
  it('shows the billing accounts as billing keeps them; filters, projects and pages them; refuses what it does not serve', async () => {
    await withApi(
      async (rt) => {
        // Arrange what an account shows: a billing address and channel, a bill issued (its balance), a suspension.
        const billing = rt.store.ports.billing;
        await billing.updateAccount('addr', 'BA-CUST-1002', {
          billingAddress: '4 quai Perrache, 69002 Lyon',
          deliveryChannel: 'post',
        });
        await billing.openBillRun('run', {
          billRunId: 'BR-TEST',
          // After the installed base's start (2026-06-01): recurring charges are prorated on the days held.
          periodStart: '2026-06-01T00:00:00.000Z',
          periodEnd: '2026-07-01T00:00:00.000Z',
        });
        const draft = await billing.draftBill('draft', {
          billRunId: 'BR-TEST',
          billingAccountId: 'BA-CUST-1006',
          credits: [],
        });
        const bill = await billing.issueBill('issue', { billId: draft.id, dueAt: '2026-08-01T00:00:00.000Z' });
        await billing.suspendForNonPayment('suspend', bill.id);

        const all = await accounts(rt, '/billingAccount');
        const stored = rt.store.db
          .prepare(
            `SELECT a.id, a.status, a.balance_minor, a.currency, c.name, cp.credit_limit_minor FROM billing_accounts a
               JOIN customers c ON c.id = a.customer_id LEFT JOIN credit_profiles cp ON cp.customer_id = a.customer_id`,
          )
          .all() as Array<{
          id: string;
          status: string;
          balance_minor: number;
          currency: string;
          name: string;
          credit_limit_minor: number | null;
        }>;
        expect(all.headers.get('x-total-count')).toBe(String(stored.length));
        expect(all.body.map((a) => a.id).sort()).toEqual(stored.map((a) => a.id).sort());
        for (const row of stored) {
          const a = all.body.find((x) => x.id === row.id)!;
          expect(a).toMatchObject({ name: row.name, state: row.status, relatedParty: [{ name: row.name }] });
          expect(a.accountBalance).toEqual([
            expect.objectContaining({
              balanceType: 'receivableBalance',
              amount: { unit: row.currency, value: row.balance_minor / 100 },
            }),
          ]);
          if (row.credit_limit_minor !== null) expect(a.creditLimit!.value * 100).toBeCloseTo(row.credit_limit_minor);
        }
        const late = await accounts<Account>(rt, '/billingAccount/BA-CUST-1006');
        expect(late.body).toMatchObject({ state: 'suspended', paymentStatus: 'due' });
        expect(late.body.accountBalance[0]!.amount.value * 100).toBeCloseTo(bill.totalMinor);
        const posted = await accounts<Account>(rt, '/billingAccount/BA-CUST-1002');
        expect(posted.body.contact![0]!.contactMedium[0]!.characteristic.street1).toBe('4 quai Perrache, 69002 Lyon');
        expect(posted.body.billStructure.presentationMedia).toEqual([expect.objectContaining({ name: 'post' })]);

        // Filters, projection and paging.
        const count = async (url: string) => (await accounts(rt, url)).headers.get('x-total-count');
        expect(await count('/billingAccount?state=suspended')).toBe('1');
        expect(await count('/billingAccount?state=active')).toBe(String(stored.length - 1));
        expect(await count('/billingAccount?relatedParty.id=CUST-1001,CUST-1006')).toBe('2');
        expect(await count('/billingAccount?id=BA-CUST-1006&state=active')).toBe('0');
        const page = await accounts(rt, '/billingAccount?offset=1&limit=2&fields=state');
        expect(page.headers.get('x-result-count')).toBe('2');
        for (const a of page.body)
          // The projection keeps identity and what BillingAccount requires (name, relatedParty).
          expect(Object.keys(a).sort()).toEqual(
            ['@baseType', '@schemaLocation', '@type', 'href', 'id', 'name', 'relatedParty', 'state'].sort(),
          );

        // Errors: unknown, read only, other account kinds not served, bad query, no token, another API's token.
        const status = async (method: string, url: string, token?: string | null) =>
          (await rt.call(method, `${AM}${url}`, { body: method === 'GET' ? undefined : {}, token })).status;
        expect(await status('GET', '/billingAccount/BA-NONE')).toBe(404);
        expect(await status('POST', '/billingAccount')).toBe(405);
        expect(await status('PATCH', '/billingAccount/BA-CUST-1001')).toBe(405);
        expect(await status('DELETE', '/billingAccount/BA-CUST-1001')).toBe(405);
        for (const other of ['partyAccount', 'settlementAccount', 'financialAccount', 'billFormat'])
          expect(await status('GET', `/${other}`), other).toBe(404);
        expect(await status('GET', '/billingAccount?balance=0')).toBe(400);
        expect(await status('GET', '/billingAccount', null)).toBe(401);
        expect(await status('GET', '/billingAccount', TOKENS.otherApi)).toBe(403);
        expect((await accounts(rt, '/billingAccount?limit=1', TOKENS.reader)).status).toBe(200);
      },
      { installedBase: true },
    );
  }, 120_000);
});
