import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { CustomerId } from '../../../src/domain/customer';
import { CustomerInsight } from '../../../src/domain/lifecycle/relationship';
import type { Ports } from '../../../src/ports';
import { mustCustomer } from './customer';

export const InsightInput = z.object({ customerId: CustomerId });
export const InsightOutput = CustomerInsight;

/** How far back troubles count in the customer's profile. */
const TROUBLE_LOOKBACK_DAYS = 180;

/** 1.FAB.1.9.2 — gather into the customer's profile what every process recorded about them. */
export function createBuildCustomerInsight(
  ports: Pick<Ports, 'customerRelationships' | 'customerManagement' | 'clock'>,
) {
  const { customerRelationships: crm, customerManagement: customers, clock } = ports;
  return defineProcess(
    { etomId: '1.FAB.1.9.2', input: InsightInput, output: InsightOutput },
    async ({ customerId }, call) => {
      const customer = await mustCustomer(customers, customerId);
      const at = clock();
      const since = new Date(at.getTime() - TROUBLE_LOOKBACK_DAYS * 86_400_000).toISOString();
      const f = await crm.facts(customerId, since);
      const live = f.products.filter((p) => p.status === 'active');
      return crm.recordInsight(call.idempotencyKey, {
        customerId,
        segment: customer.segment,
        region: customer.region,
        activeProducts: live.length,
        ceasedProducts: f.products.filter((p) => p.status === 'terminated').length,
        recurringMinor: live.reduce((s, p) => s + p.recurringMinor, 0),
        orders: {
          completed: f.orders.filter((o) => o.state === 'completed').length,
          failed: f.orders.filter((o) => ['failed', 'rejected', 'cancelled'].includes(o.state)).length,
          open: f.orders.filter((o) => !['completed', 'failed', 'rejected', 'cancelled', 'partial'].includes(o.state))
            .length,
        },
        contacts: f.contacts,
        troubleTickets: f.troubleTickets,
        slaBreaches: f.slaBreaches,
        payment: f.payment ?? { outstandingMinor: 0, creditLimitMinor: 0, daysPastDue: 0, fraudFlag: false },
        billing: { overdueBills: f.overdueBills, overdueMinor: f.overdueMinor },
        usageRecords: f.usageRecords,
        lastSatisfactionScore: f.lastSatisfactionScore,
        builtAt: at.toISOString(),
      });
    },
  );
}
