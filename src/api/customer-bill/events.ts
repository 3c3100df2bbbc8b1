import { apiAddress, resourceEvent } from '../../events/address';
import type { BillEvent } from '../../ports/billing';
import { BILLING_APIS, CUSTOMER_BILL_SPEC, fromRecord, tmfState } from './representation';

const TMF678 = apiAddress(CUSTOMER_BILL_SPEC, BILLING_APIS.customerBill);

const shown = (eventType: string, bill: Parameters<BillEvent>[0]) =>
  resourceEvent(BILLING_APIS.customerBill, 'customerBill', eventType, fromRecord(TMF678, bill));

/** CustomerBillCreateEvent: the bill is issued (1.B.1.8.3), the customer's from now on. */
export const customerBillCreated: BillEvent = (bill) => shown('CustomerBillCreateEvent', bill);

/**
 * CustomerBillStateChangeEvent: a payment moved the bill's TMF678 state (to `partiallyPaid` or
 * `settled`); a payment that leaves it where it was publishes nothing.
 */
export const customerBillStateChanged: BillEvent = (bill, before) =>
  before && tmfState(before) === tmfState(bill) ? null : shown('CustomerBillStateChangeEvent', bill);
