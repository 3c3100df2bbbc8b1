import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';

/** The customer a Retention & Loyalty process works on; a missing one refuses the call. */
export const mustCustomer = async (customers: Ports['customerManagement'], id: string) =>
  (await customers.getCustomer(id)) ?? reject(BusinessErrorType.NotFound, `no customer ${id}`);
