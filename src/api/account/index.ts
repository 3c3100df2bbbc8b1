import type { FastifyInstance } from 'fastify';
import type { Ports } from '../../ports';
import { storeCollection } from '../inventory/store-collection';
import { allowed } from '../listing';
import type { Filter } from '../query';
import type { TmfSpec } from '../spec';
import { fromRecord } from './representation';

/** The spec file this API follows (with the representation, which the workers' events use). */
export { ACCOUNT_SPEC } from './representation';

export interface AccountManagementOptions {
  ports: Pick<Ports, 'billing'>;
  spec: TmfSpec;
}

const FILTERS = { id: 'string', state: 'string', 'relatedParty.id': 'string' } as const;

/**
 * TMF666 Account Management: the customers' billing accounts, as billing keeps them. Read
 * only: an account is opened with the customer's first order and changed by billing and
 * collection, so POST, PATCH and DELETE are 405. The operator keeps no other kind of account
 * (party, settlement, financial) nor separate bill cycle, format or media resources: those
 * paths are not served (404).
 */
export async function accountManagement(app: FastifyInstance, opts: AccountManagementOptions): Promise<void> {
  const { spec, ports } = opts;
  storeCollection(app, {
    spec,
    collection: 'billingAccount',
    definition: 'BillingAccount',
    filters: FILTERS,
    toSearch: (filters: Filter[]) => ({
      ids: allowed(filters, 'id'),
      statuses: allowed(filters, 'state'),
      customerIds: allowed(filters, 'relatedParty.id'),
    }),
    search: (q) => ports.billing.searchAccounts(q),
    shown: async (accounts) => accounts.map((a) => fromRecord(spec, a)),
  });
}
