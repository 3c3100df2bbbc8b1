import { BusinessErrorType, reject } from '../../contracts/errors';
import type { BillingAccountView, BillingPort } from '../../ports/billing';
import { type Db, once } from './database';
import { searchIds } from './search';

/** A billing account's row with its customer's name and credit limit (both stores'). */
export interface BillingAccountRow {
  id: string;
  customer_id: string;
  customer_name: string;
  currency: string;
  status: string;
  billing_address: string | null;
  delivery_channel: string;
  balance_minor: number;
  created_at: string;
  credit_limit_minor: number | null;
}

/** A product billed to the account, with its offering's name. */
export interface BilledProductRow {
  id: string;
  product_offering_id: string;
  name: string;
  status: string;
  recurring_minor: number;
  service_ids: string;
}

/** The account as billing sees it, from its row and its products' rows. */
export const toBillingAccount = (a: BillingAccountRow, products: BilledProductRow[]): BillingAccountView => ({
  id: a.id,
  customerId: a.customer_id,
  customerName: a.customer_name,
  currency: a.currency,
  status: a.status,
  billingAddress: a.billing_address,
  deliveryChannel: a.delivery_channel,
  balanceMinor: a.balance_minor,
  createdAt: a.created_at,
  creditLimitMinor: a.credit_limit_minor,
  products: products.map((p) => ({
    id: p.id,
    offeringId: p.product_offering_id,
    offeringName: p.name,
    status: p.status,
    recurringMinor: p.recurring_minor,
    serviceIds: JSON.parse(p.service_ids) as string[],
  })),
});

/** The account's row (its customer's name and credit limit beside it), and its products, as both stores read them. */
export const ACCOUNT_SQL = `SELECT a.*, c.name AS customer_name, cp.credit_limit_minor FROM billing_accounts a
  JOIN customers c ON c.id = a.customer_id LEFT JOIN credit_profiles cp ON cp.customer_id = a.customer_id`;
export const BILLED_PRODUCTS_SQL = `SELECT p.id, p.product_offering_id, o.name, p.status, p.recurring_minor, p.service_ids
  FROM products p JOIN product_offerings o ON o.id = p.product_offering_id`;

/** A billing account as billing sees it: its customer, and the products billed to it. */
export function billingAccountReader(db: Db) {
  const account = (accountId: string): BillingAccountView | undefined => {
    const a = db.prepare(`${ACCOUNT_SQL} WHERE a.id = ?`).get(accountId) as BillingAccountRow | undefined;
    if (!a) return undefined;
    const products = db
      .prepare(`${BILLED_PRODUCTS_SQL} WHERE p.billing_account_id = ? ORDER BY p.id`)
      .all(accountId) as BilledProductRow[];
    return toBillingAccount(a, products);
  };
  return account;
}

/** Manage Customer Billing Account: the accounts, which of them are billed, and their billing details. */
export function createSqliteBillingAccounts(
  db: Db,
): Pick<BillingPort, 'account' | 'searchAccounts' | 'accountsToBill' | 'updateAccount'> {
  const account = billingAccountReader(db);
  return {
    async account(accountId) {
      return account(accountId);
    },
    async searchAccounts(q) {
      const { total, ids } = searchIds(db, 'billing_accounts', {
        anyOf: [
          ['id', q.ids],
          ['status', q.statuses],
          ['customer_id', q.customerIds],
        ],
        dates: undefined,
        dateColumns: {},
        offset: q.offset,
        limit: q.limit,
      });
      return { total, orders: ids.map((id) => account(id)!) };
    },
    async accountsToBill() {
      return db
        .prepare(
          `SELECT DISTINCT billing_account_id FROM products WHERE status IN ('active', 'suspended') ORDER BY billing_account_id`,
        )
        .pluck()
        .all() as string[];
    },
    async updateAccount(key, accountId, change) {
      if (!account(accountId)) reject(BusinessErrorType.NotFound, `billing account ${accountId} does not exist`);
      once(
        db,
        key,
        'updateBillingAccount',
        () =>
          db
            .prepare(
              'UPDATE billing_accounts SET billing_address = COALESCE(?, billing_address), delivery_channel = COALESCE(?, delivery_channel) WHERE id = ?',
            )
            .run(change.billingAddress ?? null, change.deliveryChannel ?? null, accountId).changes,
      );
      return account(accountId)!;
    },
  };
}
