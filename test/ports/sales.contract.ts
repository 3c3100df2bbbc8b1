import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import { rejection } from './harness';
import {
  campaign,
  cafe,
  FIXTURES,
  NOW,
  newLead,
  newProspect,
  newQuote,
  type SalesHarness,
  starter,
} from './sales-fixtures';
import { withFixtures } from './table-rows';

export { NOW, type SalesHarness } from './sales-fixtures';

/**
 * The sales port's contract, for every adapter (docs/ADAPTERS.md): Marketing Fulfillment
 * Response (campaigns, their audience, collateral), Selling (leads, prospects, quotes, customers
 * won) and Cross/Up Selling (a customer's history, recommendations). The harness builds an empty
 * store whose clock reads `NOW`; the contract puts its fixtures in through `insert`, in the
 * columns both stores share.
 */

export function salesContract(adapter: string, make: () => Promise<SalesHarness>): void {
  const withStore = withFixtures(make, FIXTURES);
  /** A quote on a prospect of a lead, as Selling makes them. */
  const quoted = async (h: SalesHarness) => {
    const lead = await h.port.recordLead('lead', newLead(), NOW);
    const prospect = await h.port.openProspect('prospect', newProspect(lead.id), NOW);
    return h.port.createQuote('quote', newQuote(prospect.id), NOW);
  };

  describe(`sales port on ${adapter}`, () => {
    it(
      'campaigns: recorded once as handed over, their audience, one collateral per recipient',
      withStore(async (h) => {
        expect(await h.port.recordCampaign('c/1', campaign, NOW)).toEqual(campaign);
        expect(await h.port.recordCampaign('c/2', { ...campaign, name: 'Spring again' }, NOW)).toEqual(campaign);
        expect(await h.port.getCampaign('CMP-SPRING')).toEqual(campaign);
        expect(await h.port.getCampaign('CMP-NONE')).toBeUndefined();
        expect(await h.port.audience(campaign)).toEqual([
          { customerId: 'CUST-9001', name: 'Ana', email: 'Ana@Example.net', activeOfferingIds: ['PO-A'] },
        ]);
        expect(await h.port.audience({ segment: 'wholesale', region: 'PAR' })).toEqual([]);
        const sent = {
          campaignId: 'CMP-SPRING',
          customerId: 'CUST-9001',
          recipient: 'Ana@Example.net',
          channel: 'email',
          document: 'offer',
          notificationId: 'NT-1',
        };
        const first = await h.port.recordCollateral('m/1', sent, NOW);
        expect(first).toEqual({ id: expect.stringMatching(/^MC-\d+$/), ...sent });
        expect(await h.port.recordCollateral('m/2', { ...sent, notificationId: 'NT-2' }, NOW)).toEqual(first);
        const other = await h.port.recordCollateral(
          'm/3',
          { ...sent, customerId: null, recipient: 'x@example.net' },
          NOW,
        );
        expect(await h.port.collateralsOf('CMP-SPRING')).toEqual([first, other]);
        expect(await h.count('collaterals')).toBe(2);
      }),
    );

    it(
      'selling: a lead handed off to a prospect, qualified, quoted, accepted and ordered',
      withStore(async (h) => {
        const lead = await h.port.recordLead('lead', newLead(), NOW);
        expect(lead).toEqual({ id: expect.stringMatching(/^LD-\d+$/), prospectId: null, ...newLead() });
        const prospect = await h.port.openProspect('prospect', newProspect(lead.id), NOW);
        expect(prospect).toEqual({
          id: expect.stringMatching(/^PR-\d+$/),
          state: 'open',
          reason: null,
          ...newProspect(lead.id),
        });
        expect(
          await h.port.updateLead('handoff', lead.id, { state: 'handedOff', prospectId: prospect.id }, NOW),
        ).toEqual({
          ...lead,
          state: 'handedOff',
          prospectId: prospect.id,
        });
        const qualified = await h.port.updateProspect(
          'qualify',
          prospect.id,
          { state: 'qualified', qualification: { score: 700 } },
          NOW,
        );
        expect(qualified).toEqual({ ...prospect, state: 'qualified' });
        // A change that names nothing keeps what was recorded.
        expect(await h.port.updateProspect('touch', prospect.id, {}, NOW)).toEqual(qualified);
        const quote = await h.port.createQuote('quote', newQuote(prospect.id), NOW);
        expect(quote).toEqual({
          id: expect.stringMatching(/^QT-\d+$/),
          state: 'proposed',
          reason: null,
          orderId: null,
          ...newQuote(prospect.id),
        });
        await h.port.moveQuote('accept', quote.id, 'accepted', { reason: 'signed', customerId: 'CUST-9001' }, NOW);
        const ordered = await h.port.moveQuote('order', quote.id, 'ordered', { orderId: 'ORD-9001' }, NOW);
        expect(ordered).toEqual({
          ...quote,
          state: 'ordered',
          reason: 'signed',
          customerId: 'CUST-9001',
          orderId: 'ORD-9001',
        });
        expect(await h.port.getQuote(quote.id)).toEqual(ordered);
        expect(await h.port.getLead('LD-NONE')).toBeUndefined();
        expect(await h.port.getProspect('PR-NONE')).toBeUndefined();
        expect(await h.port.getQuote('QT-NONE')).toBeUndefined();
      }),
    );

    it(
      'idempotency: the same key twice writes one row and returns the first result',
      withStore(async (h) => {
        const lead = await h.port.recordLead('lead', newLead(), NOW);
        expect(await h.port.recordLead('lead', newLead({ name: 'a retry that rebuilt it' }), NOW)).toEqual(lead);
        expect(await h.count('leads')).toBe(1);
        const quote = await quoted(h);
        const accepted = await h.port.moveQuote('decide', quote.id, 'accepted', { reason: 'yes' }, NOW);
        expect(await h.port.moveQuote('decide', quote.id, 'accepted', { reason: 'yes' }, NOW)).toEqual(accepted);
        const won = await h.port.acquireCustomer('acquire', cafe, starter, NOW);
        expect(await h.port.acquireCustomer('acquire', { ...cafe, email: 'other@cafe.example' }, starter, NOW)).toEqual(
          won,
        );
        const rec = {
          customerId: 'CUST-9001',
          kind: 'none' as const,
          productOfferingId: null,
          reason: 'all held',
          evidence: { held: ['PO-A'] },
        };
        const first = await h.port.recordRecommendation('rec', rec, NOW);
        expect(first).toEqual({ id: expect.stringMatching(/^REC-\d+$/), ...rec });
        expect(await h.port.recordRecommendation('rec', { ...rec, reason: 'again' }, NOW)).toEqual(first);
        expect([await h.count('customers'), await h.count('sales_recommendations')]).toEqual([4, 1]);
      }),
    );

    it(
      'all or nothing: a refused move leaves the quote as it was and does not spend its key',
      withStore(async (h) => {
        const quote = await quoted(h);
        const declined = await h.port.moveQuote('no', quote.id, 'declined', { reason: 'too dear' }, NOW);
        const refused = await rejection(h.port.moveQuote('late yes', quote.id, 'accepted', { orderId: 'ORD-X' }, NOW));
        expect(refused.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect(await h.port.getQuote(quote.id)).toEqual(declined);
        expect((await rejection(h.port.moveQuote('q', 'QT-NONE', 'accepted', {}, NOW))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect((await rejection(h.port.updateLead('u', 'LD-NONE', { state: 'won' }, NOW))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect((await rejection(h.port.updateProspect('p', 'PR-NONE', { state: 'won' }, NOW))).type).toBe(
          BusinessErrorType.NotFound,
        );
        // The keys the refusals carried are still free.
        const other = await h.port.createQuote('quote 2', newQuote(quote.prospectId), NOW);
        expect((await h.port.moveQuote('late yes', other.id, 'accepted', {}, NOW)).state).toBe('accepted');
        expect((await h.port.moveQuote('q', other.id, 'ordered', { orderId: 'ORD-9001' }, NOW)).orderId).toBe(
          'ORD-9001',
        );
        const leadId = (await h.port.getProspect(quote.prospectId))!.leadId!;
        expect((await h.port.updateLead('u', leadId, { state: 'won' }, NOW)).state).toBe('won');
      }),
    );

    it(
      'customers: one per e-mail whatever its case, with a starter credit profile; contact data kept up to date',
      withStore(async (h) => {
        const won = await h.port.acquireCustomer('a/1', cafe, starter, NOW);
        expect(won).toEqual({ customerId: expect.stringMatching(/^CUST-\d+$/), created: true });
        expect(await h.port.acquireCustomer('a/2', { ...cafe, email: 'PATRON@cafe.example' }, starter, NOW)).toEqual({
          customerId: won.customerId,
          created: false,
        });
        expect(await h.port.acquireCustomer('a/3', { ...cafe, email: 'ana@example.NET' }, starter, NOW)).toEqual({
          customerId: 'CUST-9001',
          created: false,
        });
        expect([await h.count('customers'), await h.count('credit_profiles')]).toEqual([4, 1]);
        expect(await h.port.findCustomerByEmail('Patron@Cafe.Example')).toBe(won.customerId);
        await h.port.updateCustomerData('d/1', won.customerId, {
          email: 'new@cafe.example',
          phone: '+33 1 23 45 67 89',
        });
        expect(await h.port.findCustomerByEmail('new@cafe.example')).toBe(won.customerId);
        expect(await h.port.findCustomerByEmail('patron@cafe.example')).toBeUndefined();
        await h.port.updateCustomerData('d/2', won.customerId, { phone: null });
        await h.port.updateCustomerData('d/3', won.customerId, {});
        expect(await h.port.findCustomerByEmail('new@cafe.example')).toBe(won.customerId);
      }),
    );

    it(
      'concurrent writers: one customer per identity, one decision per quote, one collateral per recipient',
      withStore(async (h) => {
        const acquired = await Promise.all(
          [1, 2, 3, 4].map((i) =>
            h.port.acquireCustomer(
              `a/${i}`,
              { ...cafe, email: i % 2 ? 'x@new.example' : 'X@new.example' },
              starter,
              NOW,
            ),
          ),
        );
        expect(new Set(acquired.map((a) => a.customerId)).size).toBe(1);
        expect(acquired.filter((a) => a.created)).toHaveLength(1);
        expect(await h.count('customers')).toBe(4);

        const quote = await quoted(h);
        const decisions = await Promise.allSettled([
          h.port.moveQuote('yes', quote.id, 'accepted', {}, NOW),
          h.port.moveQuote('no', quote.id, 'declined', {}, NOW),
        ]);
        expect(decisions.filter((d) => d.status === 'fulfilled')).toHaveLength(1);
        const lost = decisions.find((d) => d.status === 'rejected')!;
        expect(lost).toMatchObject({ reason: { type: BusinessErrorType.InvalidStateTransition } });
        const won = decisions.find((d) => d.status === 'fulfilled')!;
        expect(await h.port.getQuote(quote.id)).toEqual((won as PromiseFulfilledResult<unknown>).value);

        await h.port.recordCampaign('c', campaign, NOW);
        const sent = await Promise.all(
          [1, 2, 3, 4].map((i) =>
            h.port.recordCollateral(
              `m/${i}`,
              {
                campaignId: campaign.id,
                customerId: null,
                recipient: 'z@example.net',
                channel: 'email',
                document: 'offer',
                notificationId: `NT-${i}`,
              },
              NOW,
            ),
          ),
        );
        expect(new Set(sent.map((c) => c.id)).size).toBe(1);
        expect(await h.count('collaterals')).toBe(1);
      }),
    );

    it(
      'regions served: where every resource the offering needs is in stock or under a contract still valid',
      withStore(async (h) => {
        // PAR has the port in stock, LYO a contract; MRS's contract has ended, NCE's port is retired,
        // and LIL holds only a CPE the offering does not need.
        expect(await h.port.regionsServed('PO-A')).toEqual(['LYO', 'PAR']);
      }),
    );

    it(
      'sales history: products, troubles per offering (cancelled not counted), contacts per reason, bandwidth',
      withStore(async (h) => {
        expect(await h.port.salesHistory('CUST-9001')).toEqual({
          products: [
            { productOfferingId: 'PO-A', region: 'PAR', status: 'active', recurringMinor: 5_000 },
            { productOfferingId: 'PO-A', region: 'PAR', status: 'terminated', recurringMinor: 4_000 },
          ],
          troublesByOffering: { 'PO-A': 2 },
          contactsByReason: { 'product order': 2, 'trouble report': 1 },
          bandwidthMbpsByOffering: { 'PO-A': 100 },
        });
        expect(await h.port.salesHistory('CUST-9003')).toEqual({
          products: [],
          troublesByOffering: {},
          contactsByReason: {},
          bandwidthMbpsByOffering: {},
        });
      }),
    );
  });
}
