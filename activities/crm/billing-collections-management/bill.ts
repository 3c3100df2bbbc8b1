import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';

/** The bill a Billing & Collections process works on; a missing one refuses the call. */
export const mustBill = async (billing: Ports['billing'], billId: string) =>
  (await billing.bill(billId)) ?? reject(BusinessErrorType.NotFound, `bill ${billId} does not exist`);
