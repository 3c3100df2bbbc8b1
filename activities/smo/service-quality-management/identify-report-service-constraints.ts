import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ServiceKqi } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import { toKqi } from './kqi';
import { Id, RunInput, TO_RMO_PERFORMANCE, keptEvents, mustKqis } from './quality-run';

export const ConstraintsOutput = z.object({
  constraints: z.number().int().nonnegative(),
  /** The customers to inform (through Customer QoS/SLA Management), each with all their KQIs of the run. */
  customers: z.array(z.object({ customerId: Id, kqis: z.array(ServiceKqi).max(500) })).max(500),
  resourceLayerNotificationId: Id.nullable(),
});

/**
 * 1.A.2.4.4 Identify & Report Service Constraints — the constraints on meeting quality
 * standards: failures that took services down, elements short of capacity. RM&O is told of
 * those on its elements; the customers affected are handed to CRM with their KQIs, for their
 * SLAs and reports.
 */
export function createIdentifyAndReportServiceConstraints(ports: Pick<Ports, 'serviceQuality' | 'notifications'>) {
  const { serviceQuality: quality, notifications } = ports;

  return defineProcess({ etomId: '1.A.2.4.4', input: RunInput, output: ConstraintsOutput }, async ({ runId }, call) => {
    const kqis = await mustKqis(quality, runId);
    const events = await keptEvents(quality, runId);
    const constraints = events.map((e) => ({
      runId,
      serviceId: e.serviceId!,
      customerId: e.customerId!,
      kind: e.kind === 'outage' ? ('resourceFailure' as const) : ('capacityShortage' as const),
      resourceId: e.resourceId ?? '',
      detail: e.kind === 'outage' ? `out of service ${e.startedAt} to ${e.endedAt}: ${e.detail}` : e.detail,
    }));
    const recorded = await quality.recordConstraints(`${call.idempotencyKey}/constraints`, constraints);

    const onElements = recorded.filter((c) => c.kind === 'capacityShortage');
    let resourceLayerNotificationId: string | null = null;
    if (onElements.length) {
      const elements = [...new Set(onElements.map((c) => c.resourceId))];
      const n = await notifications.send(`${call.idempotencyKey}/rmo`, {
        recipient: TO_RMO_PERFORMANCE,
        channel: 'process',
        subject: `Service constraints on ${elements.length} element(s)`,
        body: elements
          .map(
            (id) =>
              `${id}: ${onElements
                .filter((c) => c.resourceId === id)
                .map((c) => c.serviceId)
                .join(', ')}`,
          )
          .join('\n'),
        reference: runId,
      });
      resourceLayerNotificationId = n.id;
    }

    const affected = [...new Set(recorded.map((c) => c.customerId))].sort();
    return {
      constraints: recorded.length,
      customers: affected.slice(0, 500).map((customerId) => ({
        customerId,
        kqis: kqis.filter((k) => k.customerId === customerId).map(toKqi),
      })),
      resourceLayerNotificationId,
    };
  });
}
