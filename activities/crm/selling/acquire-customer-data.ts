import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import { Prospect } from '../../../src/domain/lifecycle/sales';
import type { Ports } from '../../../src/ports';
import { mustProspect } from './prospect';
import { STARTER_CREDIT } from './sales-policy';

export const AcquireInput = z.object({ prospectId: z.string().min(1), phone: z.string().nullable().optional() });
export const AcquireOutput = z.object({ customerId: CustomerId, created: z.boolean(), prospect: Prospect });
export type AcquireOutput = z.infer<typeof AcquireOutput>;

/**
 * 1.F.1.4.4 — record the customer's data: a prospect who bought becomes a customer (active,
 * with a starter credit profile); a customer's contact data is brought up to date.
 */
export function createAcquireCustomerData(ports: Pick<Ports, 'sales' | 'customerManagement' | 'clock'>) {
  const { sales, customerManagement: customers, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcess(
    { etomId: '1.F.1.4.4', input: AcquireInput, output: AcquireOutput },
    async ({ prospectId, phone }, call) => {
      const p = await mustProspect(sales, prospectId);
      if (p.customerId) {
        const c = await customers.getCustomer(p.customerId);
        if (!c) return reject(BusinessErrorType.NotFound, `no customer ${p.customerId}`);
        await sales.updateCustomerData(call.idempotencyKey, c.id, {
          email: p.email !== c.email ? p.email : undefined,
          phone: phone === undefined ? undefined : phone,
        });
        return { customerId: c.id, created: false, prospect: p };
      }
      const acquired = await sales.acquireCustomer(
        `${call.idempotencyKey}/customer`,
        { name: p.name, email: p.email, phone: phone ?? null, segment: p.segment, region: p.region },
        STARTER_CREDIT[p.segment],
        now(),
      );
      const prospect = await sales.updateProspect(
        `${call.idempotencyKey}/prospect`,
        p.id,
        { customerId: acquired.customerId },
        now(),
      );
      return { ...acquired, prospect };
    },
  );
}
