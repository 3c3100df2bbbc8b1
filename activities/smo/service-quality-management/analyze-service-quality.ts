import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ServiceKqi } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import type { ServiceKqiRecord } from '../../../src/ports/service-quality';
import { computeKqi, missesAvailability, missesRestoration, toKqi } from './kqi';
import { Id, Run, keptEvents } from './quality-run';

const Instant = z.iso.datetime();

export const AnalyzeInput = z.object({ ...Run, periodStart: Instant, periodEnd: Instant, regions: z.array(Id) });
export const AnalyzeOutput = z.object({ kqis: z.array(ServiceKqi).max(500), belowTarget: z.array(Id).max(500) });

/**
 * 1.A.2.4.2 Analyze Service Quality — the KQIs of every active service of the run:
 * availability, outage minutes, incidents (repeated reports of one loss of service counted
 * once), MTBF and MTTR, beside the worst performance of the elements carrying it, compared
 * with its design targets.
 */
export function createAnalyzeServiceQuality(ports: Pick<Ports, 'serviceQuality'>) {
  const { serviceQuality: quality } = ports;

  return defineProcess({ etomId: '1.A.2.4.2', input: AnalyzeInput, output: AnalyzeOutput }, async (input, call) => {
    const { runId, periodStart, periodEnd } = input;
    const services = await quality.activeServices(input.regions.length ? input.regions : null);
    const events = await keptEvents(quality, runId);
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
      };
    });
    const stored = await quality.recordKqis(call.idempotencyKey, records);
    return {
      kqis: stored.map(toKqi),
      belowTarget: stored.filter((k) => missesAvailability(k) || missesRestoration(k)).map((k) => k.serviceId),
    };
  });
}
