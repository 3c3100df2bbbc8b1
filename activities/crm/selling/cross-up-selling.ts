import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import { Recommendation } from '../../../src/domain/lifecycle/sales';
import type { Ports } from '../../../src/ports';
import { segmentFits } from './sales-policy';

export const CrossSellInput = z.object({ customerId: CustomerId });
export const CrossSellOutput = Recommendation;

/**
 * 1.F.1.4.5 — from what the customer holds and how it goes (troubles, contacts), find the
 * better offer: more of what they have when it no longer suits them (up-sell), or what
 * they do not have yet (cross-sell).
 */
export function createCrossSellAndUpSell(ports: Pick<Ports, 'sales' | 'catalog' | 'customerManagement' | 'clock'>) {
  const { sales, catalog, customerManagement: customers, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcess(
    { etomId: '1.F.1.4.5', input: CrossSellInput, output: CrossSellOutput },
    async ({ customerId }, call) => {
      const c = await customers.getCustomer(customerId);
      if (!c) return reject(BusinessErrorType.NotFound, `no customer ${customerId}`);
      const history = await sales.salesHistory(customerId);
      const held = new Set(history.products.filter((p) => p.status === 'active').map((p) => p.productOfferingId));
      const evidence = {
        held: [...held],
        troublesByOffering: history.troublesByOffering,
        contactsByReason: history.contactsByReason,
        bandwidthMbpsByOffering: history.bandwidthMbpsByOffering,
      };
      // Up-sell: a held product below 1 Gbit/s that gave trouble no longer suits the customer.
      const strained = [...held].find(
        (o) => (history.bandwidthMbpsByOffering[o] ?? 1000) < 1000 && (history.troublesByOffering[o] ?? 0) > 0,
      );
      let r: { kind: 'crossSell' | 'upSell' | 'none'; productOfferingId: string | null; reason: string };
      if (strained) {
        r = {
          kind: 'upSell',
          productOfferingId: strained,
          reason: `${strained} at ${history.bandwidthMbpsByOffering[strained]} Mbit/s with ${history.troublesByOffering[strained]} trouble(s): raise to 1000 Mbit/s`,
        };
      } else {
        // Cross-sell: the least expensive offering of the segment the customer lacks.
        const candidates = (await catalog.listOfferings())
          .filter((o) => !held.has(o.id) && segmentFits(o, c.segment))
          .sort((a, b) => a.recurringMinor - b.recurringMinor || a.id.localeCompare(b.id));
        const pick = candidates[0];
        r = pick
          ? {
              kind: 'crossSell',
              productOfferingId: pick.id,
              reason: `holds ${[...held].join(', ') || 'nothing'}; ${pick.name} completes it`,
            }
          : { kind: 'none', productOfferingId: null, reason: 'already holds every offering of the segment' };
      }
      return sales.recordRecommendation(call.idempotencyKey, { customerId, ...r, evidence }, now());
    },
  );
}
