import type { BillingAccountView } from '../../ports/billing';
import { billingAccountHref, money } from '../customer-bill/representation';
import { defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/** The spec file TMF666 follows. */
export const ACCOUNT_SPEC = 'TMF666-AccountManagement-v4.0.0.swagger.json';

/**
 * A billing account as Manage Customer Billing Account (1.B.1.8.4) keeps it: its status
 * (`active`, or `suspended` for non-payment by Manage Collection), what the customer owes on it
 * (the receivable balance: bills issued less payments), the customer's credit limit, how its
 * bills are made (the monthly cycle, delivered on the account's channel) and where they go.
 * The store keeps no payment plan, so none is shown.
 */
export function fromRecord(spec: TmfSpec, a: BillingAccountView) {
  const since = { startDateTime: a.createdAt };
  return {
    id: a.id,
    href: billingAccountHref(a.id),
    name: a.customerName,
    relatedParty: [{ id: a.customerId, name: a.customerName, role: 'owner', '@referredType': 'Customer' }],
    ...defined({
      accountType: 'customer',
      description: `${a.products.length} product${a.products.length === 1 ? '' : 's'} billed`,
      state: a.status,
      paymentStatus: a.balanceMinor > 0 ? 'due' : 'paid',
      accountBalance: [
        { balanceType: 'receivableBalance', amount: money(a.balanceMinor, a.currency), validFor: since },
      ],
      creditLimit: a.creditLimitMinor === null ? undefined : money(a.creditLimitMinor, a.currency),
      billStructure: {
        // The bill cycle's Schedule runs on the first of each month (src/billing/schedule.ts).
        cycleSpecification: { name: 'monthly', isRef: false, frequency: 'monthly', billingPeriod: 'month' },
        presentationMedia: [{ name: a.deliveryChannel, isRef: false }],
      },
      contact: a.billingAddress
        ? [
            {
              contactType: 'billing',
              contactName: a.customerName,
              validFor: since,
              contactMedium: [
                {
                  mediumType: 'postalAddress',
                  preferred: a.deliveryChannel === 'post',
                  characteristic: { contactType: 'billing', street1: a.billingAddress },
                },
              ],
            },
          ]
        : undefined,
    }),
    ...typed(spec, 'BillingAccount'),
  } satisfies Resource;
}
