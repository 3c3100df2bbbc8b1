import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ServiceFeasibility } from '../../../src/domain/fulfilment/service-order';
import type { Ports } from '../../../src/ports';
import { mustOrder } from './order-record';

export const FeasibilityInput = z.object({
  orderId: z.string().min(1),
  assessments: z.array(ServiceFeasibility.extend({ itemId: z.string() })),
});
export const FeasibilityOutput = z.object({
  feasible: z.boolean(),
  items: z.array(
    z.object({
      itemId: z.string(),
      feasible: z.boolean(),
      reasons: z.array(z.string()),
      viaSupplier: z.array(z.string()),
    }),
  ),
});
export type FeasibilityOutput = z.infer<typeof FeasibilityOutput>;

/** 1.F.1.5.1 — can these products be delivered there? Decided from SM&O's assessments of the adds. */
export function createDetermineCustomerOrderFeasibility(ports: Pick<Ports, 'productOrders' | 'clock'>) {
  const { productOrders, clock } = ports;
  return defineProcess(
    { etomId: '1.F.1.5.1', input: FeasibilityInput, output: FeasibilityOutput },
    async ({ orderId, assessments }) => {
      const order = await mustOrder(productOrders, orderId);
      // A change of a product the customer holds (#12) delivers nothing new here: SM&O's
      // redesign (1.F.2.2) judges a modify, a cease needs nothing. Only adds are assessed.
      const items = order.items
        .filter((item) => item.action === 'add')
        .map((item) => {
          const mine = assessments.filter((a) => a.itemId === item.itemId);
          const reasons = mine.flatMap((a) => a.reasons);
          if (mine.length === 0) reasons.push('no service assessment received for this item');
          return {
            itemId: item.itemId,
            feasible: mine.length > 0 && mine.every((a) => a.feasible),
            reasons,
            viaSupplier: mine.flatMap((a) => a.supplierComponents),
          };
        });
      const result = { feasible: items.every((i) => i.feasible), items };
      await productOrders.update(orderId, { feasibility: result }, clock().toISOString());
      return result;
    },
  );
}
