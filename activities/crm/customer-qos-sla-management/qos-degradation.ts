import { z } from 'zod';
import type { ProcessCall } from '../../../src/contracts/activity';
import { type QosDegradation } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import { recipientOf } from './customer-period';

/**
 * 1.A.1.7.2 on a degradation reported as it happens, before the period ends: the text's
 * "dépassement d'un seuil non strict". The soft threshold is a share of the downtime the SLA
 * allows over the period: a degradation expected to last longer than that is close enough to
 * a violation that the customer is told now, with SM&O's estimate, and Service Quality
 * Management takes it in for the period (it reads the record, 1.A.2.4.1). One per service
 * problem, however often SM&O reports it.
 */

/** Half the period's downtime allowance: past it, the SLA is at risk and the customer is told. */
export const SOFT_THRESHOLD_SHARE = 0.5;
const MINUTE = 60_000;

export const DegradationOutput = z.object({
  degradationId: z.string(),
  projectedMinutes: z.number().int().nonnegative(),
  allowedMinutes: z.number().int().nonnegative().nullable(),
  softThresholdCrossed: z.boolean(),
  notificationId: z.string().nullable(),
});
export type DegradationOutput = z.infer<typeof DegradationOutput>;

export async function handleDegradation(
  ports: Pick<Ports, 'customerSla' | 'notifications' | 'customerManagement'>,
  input: { customerId: string; periodStart: string; periodEnd: string; degradation: z.infer<typeof QosDegradation> },
  call: Pick<ProcessCall, 'idempotencyKey'>,
): Promise<DegradationOutput> {
  const { customerSla, notifications, customerManagement: customers } = ports;
  const { customerId, periodStart, periodEnd, degradation: d } = input;
  const commitment = await customerSla.commitment(d.serviceId);
  const periodMs = Date.parse(periodEnd) - Date.parse(periodStart);
  const allowedMinutes =
    commitment?.availabilityPct == null
      ? null
      : Math.floor((periodMs * (1 - commitment.availabilityPct / 100)) / MINUTE);
  const projectedMinutes = Math.max(
    0,
    Math.round((Date.parse(d.estimatedRestoration) - Date.parse(d.startedAt)) / MINUTE),
  );
  const softThresholdCrossed = allowedMinutes !== null && projectedMinutes > allowedMinutes * SOFT_THRESHOLD_SHARE;
  let record = await customerSla.recordDegradation(`${call.idempotencyKey}/degradation`, {
    serviceProblemId: d.serviceProblemId,
    customerId,
    serviceId: d.serviceId,
    periodStart,
    periodEnd,
    startedAt: d.startedAt,
    estimatedRestoration: d.estimatedRestoration,
    projectedMinutes,
    allowedMinutes,
    softThresholdCrossed,
    detail: d.detail,
  });
  if (record.softThresholdCrossed && record.notificationId === null) {
    const notice = await notifications.send(`${call.idempotencyKey}/notify`, {
      recipient: await recipientOf(customers, customerId),
      channel: 'email',
      subject: `Service ${d.serviceId}: degraded, expected back by ${d.estimatedRestoration}`,
      body:
        `Since ${d.startedAt} your service ${d.serviceId} is degraded (${d.detail}). We expect it back by ` +
        `${d.estimatedRestoration}: about ${projectedMinutes} min, more than half of the ${allowedMinutes} min ` +
        `your service level allows between ${periodStart} and ${periodEnd}. We are on it, and will tell you when it is restored.`,
      reference: d.serviceProblemId,
    });
    record = await customerSla.degradationNotified(`${call.idempotencyKey}/notified`, record.id, notice.id);
  }
  return {
    degradationId: record.id,
    projectedMinutes: record.projectedMinutes,
    allowedMinutes: record.allowedMinutes,
    softThresholdCrossed: record.softThresholdCrossed,
    notificationId: record.notificationId,
  };
}
