import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ServiceKqi } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import type { ServiceKqiRecord } from '../../../src/ports/service-quality';
import { computeKqi, measureQos, missesAvailability, missesQos, missesRestoration, toKqi } from './kqi';
import { Id, Run, keptEvents } from './quality-run';

const Instant = z.iso.datetime();

export const AnalyzeInput = z.object({ ...Run, periodStart: Instant, periodEnd: Instant, regions: z.array(Id) });
export const AnalyzeOutput = z.object({
  kqis: z.array(ServiceKqi).max(500),
  belowTarget: z.array(Id).max(500),
  /** Services whose measured QoS misses its design: each needs a service problem resolved (1.A.2.3). */
  qosShortfalls: z
    .array(z.object({ serviceId: Id, customerId: Id, detail: z.string() }))
    .max(500)
    .default([]),
});

/**
 * 1.A.2.4.2 Analyze Service Quality — the KQIs of every active service of the run:
 * availability, outage minutes, incidents (repeated reports of one loss of service counted
 * once), MTBF and MTTR, beside the worst performance of the elements carrying it, and the QoS
 * it was designed to (latency, throughput, committed bandwidth) measured end to end, compared
 * with its design targets. A QoS shortfall is a need for problem resolution, which the
 * workflow hands to Service Problem Management.
 */
export function createAnalyzeServiceQuality(ports: Pick<Ports, 'serviceQuality' | 'networkActivation'>) {
  const { serviceQuality: quality, networkActivation: network } = ports;

  return defineProcess({ etomId: '1.A.2.4.2', input: AnalyzeInput, output: AnalyzeOutput }, async (input, call) => {
    const { runId, periodStart, periodEnd } = input;
    const services = await quality.activeServices(input.regions.length ? input.regions : null);
    const events = await keptEvents(quality, runId);
    const measured = new Map<string, Record<string, number>>();
    for (const s of services.slice(0, 500))
      measured.set(s.serviceId, (await network.testService(s.serviceId)).measurements);
    const records: ServiceKqiRecord[] = services.slice(0, 500).map((s) => {
      const mine = events.filter((e) => e.serviceId === s.serviceId);
      const down = mine
        .filter((e) => e.kind === 'outage')
        .map((e) => ({ from: Date.parse(e.startedAt), to: Date.parse(e.endedAt) }));
      const degraded = mine.filter((e) => e.kind === 'degradation');
      return {
        runId,
        periodStart,
        periodEnd,
        serviceId: s.serviceId,
        customerId: s.customerId,
        ...computeKqi(periodStart, periodEnd, down),
        performanceBp: Math.min(10_000, ...degraded.map((e) => e.performanceBp ?? 10_000)),
        degrading: degraded.some((e) => e.degrading),
        targetAvailabilityBp: s.sla ? Math.round(s.sla.availabilityPct * 100) : null,
        targetRestoreMinutes: s.sla ? Math.round(s.sla.restoreHours * 60) : null,
        qos: measureQos(s.qos, measured.get(s.serviceId) ?? {}),
      };
    });
    const stored = await quality.recordKqis(call.idempotencyKey, records);
    return {
      kqis: stored.map(toKqi),
      belowTarget: stored
        .filter((k) => missesAvailability(k) || missesRestoration(k) || missesQos(k))
        .map((k) => k.serviceId),
      qosShortfalls: stored
        .filter(missesQos)
        .map((k) => ({ serviceId: k.serviceId, customerId: k.customerId, detail: k.qos.shortfall! })),
    };
  });
}
