import { apiAddress, resourceEvent } from '../../events/address';
import type { BillingAccountEvent } from '../../ports/billing';
import { BILLING_APIS } from '../customer-bill/representation';
import { ACCOUNT_SPEC, fromRecord } from './representation';

const TMF666 = apiAddress(ACCOUNT_SPEC, BILLING_APIS.account);

/**
 * BillingAccountStateChangeEvent: collection suspended the account for non-payment, or
 * restored it once paid. TMF666 v4 names the resource's field of its events `payload`; the
 * hub's envelope (TMF630, as every API here sends it) carries it in `event`.
 */
export const billingAccountStateChanged: BillingAccountEvent = (account) =>
  resourceEvent(BILLING_APIS.account, 'billingAccount', 'BillingAccountStateChangeEvent', fromRecord(TMF666, account));
