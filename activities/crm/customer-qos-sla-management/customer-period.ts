import { z } from 'zod';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';

/** One customer's quality over one period: what violations and reports are about. */
export const CustomerPeriod = z.object({
  customerId: z.string().min(1),
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
});

/** Where the customer is told: their e-mail; an unknown customer refuses the call. */
export const recipientOf = async (customers: Ports['customerManagement'], customerId: string) =>
  (await customers.getCustomer(customerId))?.email ?? reject(BusinessErrorType.NotFound, `no customer ${customerId}`);
