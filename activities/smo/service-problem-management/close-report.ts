import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { type RootCause, ServiceProblemUpdate } from '../../../src/domain/assurance/messages';
import { SERVICE_PROBLEM_API, serviceProblemEvent } from '../../../src/events/service-problem-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { Id, Test, problemOf, updateFor } from './service-problem';

export const CloseReportInput = z.object({ serviceProblemId: Id, resolution: z.string().min(1) });
export type CloseReportInput = z.input<typeof CloseReportInput>;
export const CloseReportOutput = z.object({
  serviceProblemId: Id,
  /** The service test passed: restoration certified. Not: the problem stays open, to work again. */
  certified: z.boolean(),
  test: Test,
  outage: z.object({ id: Id, from: z.iso.datetime(), to: z.iso.datetime() }).nullable(),
  update: ServiceProblemUpdate,
});
export type CloseReportOutput = z.output<typeof CloseReportOutput>;

/** A cause that leaves the service down (an outage to record) — not usage advice, not nothing. */
const outageCause = (c: RootCause | null) => c !== null && c.kind !== 'customerUsage' && c.kind !== 'none';

/**
 * 1.A.2.3.5 Close & Report — certify restoration by testing the service; then record the
 * outage for Service Quality (from the problem's start to the certified restoration), report
 * to CRM and close the problem.
 */
export function createCloseAndReportServiceProblem(
  ports: Pick<Ports, 'serviceProblems' | 'networkActivation' | 'serviceOutages' | 'eventSubscriptions' | 'clock'>,
) {
  const { serviceProblems, networkActivation: network, serviceOutages: outages, eventSubscriptions, clock } = ports;
  const moved = serviceProblemEvent('ServiceProblemStateChangeEvent');
  const now = () => clock().toISOString();

  return defineProcess(
    { etomId: '1.A.2.3.5', input: CloseReportInput, output: CloseReportOutput },
    async (input, call) => {
      const key = call.idempotencyKey;
      const p = await problemOf(serviceProblems, input.serviceProblemId);
      if (p.state === 'closed') {
        const recorded = (await outages.overlapping(p.startedAt, p.closedAt ?? now(), p.serviceId)).find(
          (o) => o.serviceProblemId === p.id,
        );
        return {
          serviceProblemId: p.id,
          certified: true,
          test: { target: p.serviceId, passed: true, measurements: {}, detail: 'closed already' },
          outage: recorded ? { id: recorded.id, from: recorded.startedAt, to: recorded.restoredAt } : null,
          update: updateFor(p, '1.A.2.3.5', p.resolution ?? 'closed'),
        };
      }
      const test = await network.testService(p.serviceId);
      if (!test.passed) {
        const detail = `restoration not certified: ${test.detail}`;
        await serviceProblems.note(`${key}/notCertified`, p.id, '1.A.2.3.5', detail);
        return {
          serviceProblemId: p.id,
          certified: false,
          test,
          outage: null,
          update: updateFor(p, '1.A.2.3.5', detail),
        };
      }
      const restoredAt = now();
      await serviceProblems.update(`${key}/resolution`, p.id, { resolution: input.resolution, restoredAt });
      const resolved = await serviceProblems.transition(
        `${key}/resolved`,
        p.id,
        'resolved',
        '1.A.2.3.5',
        input.resolution,
        moved,
      );
      const outage = outageCause(p.rootCause)
        ? await outages.record(`${key}/outage`, {
            serviceId: p.serviceId,
            customerId: p.customerId,
            serviceProblemId: p.id,
            cause: p.rootCause!.detail,
            startedAt: p.startedAt,
            restoredAt,
          })
        : null;
      const closed = await serviceProblems.transition(
        `${key}/closed`,
        p.id,
        'closed',
        '1.A.2.3.5',
        'restoration certified',
        moved,
      );
      await wakeEventDelivery(eventSubscriptions, SERVICE_PROBLEM_API);
      return {
        serviceProblemId: p.id,
        certified: true,
        test,
        outage: outage && { id: outage.id, from: outage.startedAt, to: outage.restoredAt },
        update: { ...updateFor(closed, '1.A.2.3.5', input.resolution), state: resolved.state },
      };
    },
  );
}
