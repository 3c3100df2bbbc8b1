import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { AllocatedResource } from '../../../src/domain/fulfilment/resource-order';
import type { Ports } from '../../../src/ports';
import { mustBeOpen, mustOrder } from './resource-order-rules';

export const TestResourceInput = z.object({ resourceOrderId: z.string().min(1) });
export const ResourceTestResult = z.object({
  target: z.string(),
  passed: z.boolean(),
  measurements: z.record(z.string(), z.number()),
  detail: z.string(),
});
export const TestResourceOutput = z.object({
  resources: z.array(AllocatedResource),
  results: z.array(ResourceTestResult),
});

/** 1.F.3.2.3 — test the resources supporting the service; when all pass they are in service. */
export function createTestResource(ports: Pick<Ports, 'resourceInventory' | 'networkActivation' | 'resourceOrders'>) {
  const { resourceInventory: inventory, networkActivation: network, resourceOrders } = ports;
  return defineProcess(
    { etomId: '1.F.3.2.3', input: TestResourceInput, output: TestResourceOutput },
    async (input, call) => {
      const order = await mustOrder(resourceOrders, input.resourceOrderId);
      mustBeOpen(order);
      // A retry may find them in service already: testing them again changes nothing.
      const held = (await inventory.byReservation(order.id)).filter(
        (r) => r.state === 'outOfService' || r.state === 'inService',
      );
      if (held.length === 0)
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `resource order ${order.id} has nothing configured to test`,
        );
      const results = [];
      for (const r of held) results.push(await network.testResource(r.id));
      const failed = results.filter((r) => !r.passed);
      if (failed.length > 0) {
        return reject(BusinessErrorType.TestFailed, failed.map((f) => `${f.target}: ${f.detail}`).join('; '), {
          resourceIds: failed.map((f) => f.target),
          results: failed,
        });
      }
      await inventory.transition(
        `${call.idempotencyKey}/inService`,
        held.filter((r) => r.state === 'outOfService').map((r) => r.id),
        'outOfService',
        'inService',
        'resource tests passed',
      );
      return { resources: await inventory.byReservation(order.id), results };
    },
  );
}
