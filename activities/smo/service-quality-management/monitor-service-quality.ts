import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ServiceQualityRequest } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import type { QualityEvent, QualityService } from '../../../src/ports/service-quality';
import { pct } from './kqi';
import { Id, Run } from './quality-run';

export const MonitorInput = ServiceQualityRequest.extend(Run);
export const MonitorOutput = z.object({
  runId: Id,
  /** The regions the run covers (those RM&O reported on); empty: every region. */
  regions: z.array(Id),
  services: z.number().int().nonnegative(),
  outages: z.number().int().nonnegative(),
  degradations: z.number().int().nonnegative(),
  filtered: z.array(z.object({ sourceId: Id, reason: z.string() })).max(100),
});

/**
 * 1.A.2.4.1 Monitor Service Quality — gather the period's quality data: the outages Service
 * Problem Management certified, the losses of service not yet certified that Customer QoS/SLA
 * Management told customers of, and the elements RM&O found degraded mapped to the services
 * they carry. What does not affect the quality delivered is set aside with its reason (an
 * element carrying no active service, an outage of a service no longer active).
 */
export function createMonitorServiceQuality(ports: Pick<Ports, 'serviceQuality' | 'serviceOutages'>) {
  const { serviceQuality: quality, serviceOutages: outages } = ports;

  return defineProcess({ etomId: '1.A.2.4.1', input: MonitorInput, output: MonitorOutput }, async (input, call) => {
    const { runId, periodStart, periodEnd, performance } = input;
    const regions = [...new Set(performance.map((p) => p.region))].sort();
    const services = await quality.activeServices(regions.length ? regions : null);
    const inScope = new Map(services.map((s) => [s.serviceId, s]));
    const events: Array<Omit<QualityEvent, 'id' | 'runId'>> = [];
    const from = Date.parse(periodStart);
    const to = Date.parse(periodEnd);
    const clip = (at: string, lo: boolean) =>
      new Date(lo ? Math.max(Date.parse(at), from) : Math.min(Date.parse(at), to)).toISOString();

    for (const o of await outages.overlapping(periodStart, periodEnd)) {
      let service: QualityService | undefined = inScope.get(o.serviceId);
      let filteredReason: string | null = null;
      if (!service) {
        service = await quality.service(o.serviceId);
        if (!service || (regions.length && !regions.includes(service.region))) continue; // not this run's
        filteredReason = `service ${o.serviceId} is ${service.state}, not active`;
      }
      events.push({
        serviceId: o.serviceId,
        customerId: o.customerId,
        kind: 'outage',
        sourceId: o.id,
        resourceId: null,
        performanceBp: null,
        degrading: false,
        startedAt: clip(o.startedAt, true),
        endedAt: clip(o.restoredAt, false),
        detail: o.cause,
        filteredReason,
      });
    }

    // Losses of service CRM told customers of during the period (1.A.1.7.2, past the soft
    // threshold) and not yet certified: counted to SM&O's estimate, so the period's KQIs and the
    // customers handed to 1.A.1.7 include them. Certified later, they are outages like the rest.
    for (const a of await quality.customerAlerts(periodStart, periodEnd)) {
      if (!inScope.has(a.serviceId)) continue; // not this run's
      events.push({
        serviceId: a.serviceId,
        customerId: a.customerId,
        kind: 'outage',
        sourceId: a.id,
        resourceId: null,
        performanceBp: null,
        degrading: false,
        startedAt: clip(a.startedAt, true),
        endedAt: clip(a.estimatedRestoration, false),
        detail: `not yet restored, told to the customer (1.A.1.7.2): ${a.detail}`,
        filteredReason: null,
      });
    }

    for (const p of performance) {
      if (p.availabilityBp === 10_000 && p.thresholdCrossings === 0 && !p.degrading) continue;
      const carried = (await quality.servicesCarriedBy(p.resourceId)).filter((s) => inScope.has(s.serviceId));
      const detail =
        `${p.resourceId} within thresholds ${pct(p.availabilityBp)} of the period, ` +
        `${p.thresholdCrossings} crossing(s)${p.degrading ? ', degrading' : ''}`;
      const base = {
        kind: 'degradation' as const,
        sourceId: p.resourceId,
        resourceId: p.resourceId,
        performanceBp: p.availabilityBp,
        degrading: p.degrading,
        startedAt: periodStart,
        endedAt: periodEnd,
        detail,
      };
      if (carried.length === 0) {
        events.push({ ...base, serviceId: null, customerId: null, filteredReason: 'carries no active service' });
        continue;
      }
      for (const s of carried)
        events.push({ ...base, serviceId: s.serviceId, customerId: s.customerId, filteredReason: null });
    }

    const recorded = await quality.recordEvents(call.idempotencyKey, runId, events);
    const kept = recorded.filter((e) => e.filteredReason === null);
    return {
      runId,
      regions,
      services: services.length,
      outages: kept.filter((e) => e.kind === 'outage').length,
      degradations: kept.filter((e) => e.kind === 'degradation').length,
      filtered: recorded
        .filter((e) => e.filteredReason !== null)
        .slice(0, 100)
        .map((e) => ({ sourceId: e.sourceId, reason: e.filteredReason! })),
    };
  });
}
