import type { Ports } from '../../../src/ports';
import { createAcquireCustomerData } from './acquire-customer-data';
import { createCrossSellAndUpSell } from './cross-up-selling';
import { createManageProspect } from './manage-prospect';
import { createNegotiateSales } from './negotiate-sales';
import { createQualifyAndEducateCustomer } from './qualify-educate-customer';

/**
 * Selling (1.F.1.4): a prospect — from a lead, or a customer who asks — is matched to the
 * portfolio, qualified (eligibility and credit) and educated, a quote is negotiated; a won sale
 * records the customer's data, and the relationship is grown by cross- and up-selling.
 */
export function createSellingActivities(
  ports: Pick<Ports, 'sales' | 'catalog' | 'customerManagement' | 'notifications' | 'clock'>,
) {
  return {
    manageProspect: createManageProspect(ports),
    qualifyAndEducateCustomer: createQualifyAndEducateCustomer(ports),
    negotiateSales: createNegotiateSales(ports),
    acquireCustomerData: createAcquireCustomerData(ports),
    crossSellAndUpSell: createCrossSellAndUpSell(ports),
  };
}
