import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { Id, Money } from './amounts';

export const ManageSPAccountInput = z.object({ period: Id });
export const ManageSPAccountOutput = z.object({
  period: z.string(),
  suppliers: z.array(
    z.object({
      supplierId: z.string(),
      resources: z.array(z.string()),
      expectedMinor: Money,
      revenueSharePct: z.number(),
    }),
  ),
});

/**
 * 1.B.4.5.1 — keep internal records of what each supplier provided us in the period (each of
 * its resources in service, at its contract's price), to check its invoice and settle with it.
 */
export function createManageSPAccount(ports: Pick<Ports, 'settlements'>) {
  const { settlements } = ports;
  return defineProcess(
    { etomId: '1.B.4.5.1', input: ManageSPAccountInput, output: ManageSPAccountOutput },
    async (input, call) => {
      const usage = await settlements.recordSupplierUsage(call.idempotencyKey, input.period);
      const bySupplier = new Map<string, z.infer<typeof ManageSPAccountOutput>['suppliers'][number]>();
      for (const u of usage) {
        const s = bySupplier.get(u.supplierId) ?? {
          supplierId: u.supplierId,
          resources: [],
          expectedMinor: 0,
          revenueSharePct: u.revenueSharePct,
        };
        s.resources.push(u.resourceId);
        s.expectedMinor += u.expectedMinor;
        bySupplier.set(u.supplierId, s);
      }
      return { period: input.period, suppliers: [...bySupplier.values()] };
    },
  );
}
