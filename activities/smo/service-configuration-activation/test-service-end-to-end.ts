import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, BusinessRejection, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import { designOf, orderOf, serviceOf } from './service-records';

export const TestInput = z.object({ serviceOrderId: z.string().min(1), serviceId: z.string().min(1) });
export const TestOutput = z.object({
  serviceId: z.string(),
  testId: z.string(),
  passed: z.literal(true),
  measurements: z.record(z.string(), z.number()),
  detail: z.string(),
});

/**
 * 1.F.2.2.5 Test Service End-to-End — make sure every component works and the service performs
 * at the agreed level before it is activated; a failure goes back to implementation (TestFailed).
 */
export function createTestServiceEndToEnd(ports: Pick<Ports, 'serviceInventory' | 'networkActivation' | 'clock'>) {
  const { serviceInventory: services, networkActivation: network, clock } = ports;
  const now = () => clock().toISOString();

  return defineProcess({ etomId: '1.F.2.2.5', input: TestInput, output: TestOutput }, async (input, call) => {
    const service = await serviceOf(services, input.serviceId);
    // A service modified in place (a `modify` order) stays active while it is tested again.
    const inPlace = service.state === 'active' && (await orderOf(services, input.serviceOrderId)).action === 'modify';
    if (service.state !== 'inactive' && !inPlace) {
      return reject(
        BusinessErrorType.InvalidStateTransition,
        `service ${service.id} is ${service.state}: only an installed service is tested`,
      );
    }
    // A modify is tested against the levels of its new design, which the order holds until it is in.
    const { qos } = designOf(inPlace ? await orderOf(services, input.serviceOrderId) : service);
    const result = await network.testService(service.id);
    const m = result.measurements;
    const shortfalls: string[] = [];
    const maxLatency = qos['maxLatencyMs'];
    if (maxLatency !== undefined && m['latencyMs'] !== undefined && m['latencyMs'] > maxLatency) {
      shortfalls.push(`latency ${m['latencyMs']} ms above the ${maxLatency} ms agreed`);
    }
    const minThroughput = qos['minThroughputPct'];
    if (minThroughput !== undefined && m['throughputPct'] !== undefined && m['throughputPct'] < minThroughput) {
      shortfalls.push(`throughput at ${m['throughputPct']}% of the agreed rate`);
    }
    const passed = result.passed && shortfalls.length === 0;
    const detail = [result.detail, ...shortfalls].join('; ');
    const test = await services.recordTest(call.idempotencyKey, {
      serviceId: service.id,
      serviceOrderId: input.serviceOrderId,
      passed,
      measurements: m,
      detail,
      at: now(),
    });
    if (!passed) {
      throw new BusinessRejection(
        BusinessErrorType.TestFailed,
        `service ${service.id} failed its end-to-end test: ${detail}`,
        {
          testId: test.id,
          measurements: m,
        },
      );
    }
    return { serviceId: service.id, testId: test.id, passed: true as const, measurements: m, detail };
  });
}
