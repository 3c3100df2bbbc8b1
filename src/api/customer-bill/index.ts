import type { FastifyInstance } from 'fastify';
import type { Ports } from '../../ports';
import { storeCollection } from '../inventory/store-collection';
import { allowed, dateBounds } from '../listing';
import type { Filter } from '../query';
import { resource } from '../routes';
import type { TmfSpec } from '../spec';
import { fromRecord, parseRateId, RATE_KIND, type RateKind, rateFromLine, standingsOf } from './representation';

/** The spec file this API follows (with the representation, which the workers' events use). */
export { CUSTOMER_BILL_SPEC } from './representation';

export interface CustomerBillManagementOptions {
  ports: Pick<Ports, 'billing'>;
  spec: TmfSpec;
}

const BILL_FILTERS = {
  id: 'string',
  state: 'string',
  'billingAccount.id': 'string',
  'relatedParty.id': 'string',
  billDate: 'date',
} as const;

const RATE_FILTERS = { id: 'string', 'bill.id': 'string', 'billingAccount.id': 'string', type: 'string' } as const;

const kindsOf = (types: string[] | undefined) =>
  types && (Object.keys(RATE_KIND) as RateKind[]).filter((k) => types.includes(RATE_KIND[k].type));

/**
 * TMF678 Customer Bill Management: the bills of the bill runs (Create & Deliver Bill,
 * 1.B.1.8.3) as they stand in collection (1.B.1.8.5), and each bill's lines as its applied
 * customer billing rates. Read only: bills are made by the bill cycle and paid through
 * collection, so POST and PATCH are 405; the operator bills on its cycle only, so
 * customerBillOnDemand is 405 for every method.
 */
export async function customerBillManagement(app: FastifyInstance, opts: CustomerBillManagementOptions): Promise<void> {
  const { spec, ports } = opts;

  storeCollection(app, {
    spec,
    collection: 'customerBill',
    definition: 'CustomerBill',
    filters: BILL_FILTERS,
    toSearch: (filters: Filter[]) => ({
      ids: allowed(filters, 'id'),
      standings: standingsOf(allowed(filters, 'state')),
      billingAccountIds: allowed(filters, 'billingAccount.id'),
      customerIds: allowed(filters, 'relatedParty.id'),
      dates: dateBounds(filters, { billDate: 'issuedAt' } as const),
    }),
    search: (q) => ports.billing.searchBills(q),
    shown: async (bills) => bills.map((b) => fromRecord(spec, b)),
  });

  storeCollection(app, {
    spec,
    collection: 'appliedCustomerBillingRate',
    definition: 'AppliedCustomerBillingRate',
    filters: RATE_FILTERS,
    toSearch: (filters: Filter[]) => ({
      ids: allowed(filters, 'id'),
      billIds: allowed(filters, 'bill.id'),
      billingAccountIds: allowed(filters, 'billingAccount.id'),
      kinds: kindsOf(allowed(filters, 'type')),
    }),
    search: ({ ids, ...q }) =>
      ports.billing.searchBillLines({
        ...q,
        // An id that is no line's (not `<bill>-L<n>`) matches nothing.
        lines: ids?.flatMap((id) => parseRateId(id) ?? []),
      }),
    shown: async (lines) => lines.map((l) => rateFromLine(spec, l)),
  });

  resource(app, '/customerBillOnDemand', {});
  resource(app, '/customerBillOnDemand/:id', {});
}
