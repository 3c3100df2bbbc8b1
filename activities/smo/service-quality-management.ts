import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { ServiceKqi, ServiceQualityRequest } from '../../src/domain/assurance/messages';
import type { Ports } from '../../src/ports';
import type { QualityEvent, QualityService, ServiceKqiRecord } from '../../src/ports/service-quality';

/**
 * Service Quality Management (1.A.2.4): the quality customers experience, per period. One run
 * (the serviceQuality workflow's id) gathers the period's outages and the resource performance
 * RM&O reported, computes each service's KQIs, proposes improvements where a service misses
 * its design targets, and reports the constraints to CRM (customers' SLAs) and to RM&O.
 */

const Id = z.string().min(1);
const Instant = z.iso.datetime();
const Run = { runId: Id };

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

export const AnalyzeInput = z.object({ ...Run, periodStart: Instant, periodEnd: Instant, regions: z.array(Id) });
export const AnalyzeOutput = z.object({ kqis: z.array(ServiceKqi).max(500), belowTarget: z.array(Id).max(500) });

export const RunInput = z.object(Run);
const ImprovementKind = z.enum(['improveResilience', 'shortenRestoration', 'requestCapacity']);
export const ImproveOutput = z.object({
  actions: z.array(z.object({ actionId: Id, serviceId: Id, kind: ImprovementKind, addressedTo: z.string() })).max(1500),
  /** One notice per process the proposals are addressed to, carrying all of its proposals. */
  notices: z.array(z.object({ addressedTo: z.string(), notificationId: Id, proposals: z.number().int().positive() })),
});

export const ConstraintsOutput = z.object({
  constraints: z.number().int().nonnegative(),
  /** The customers to inform (through Customer QoS/SLA Management), each with all their KQIs of the run. */
  customers: z.array(z.object({ customerId: Id, kqis: z.array(ServiceKqi).max(500) })).max(500),
  resourceLayerNotificationId: Id.nullable(),
});

const MINUTE = 60_000;
const TO_SMO_CONFIGURATION = 'SM&O 1.F.2.2 Service Configuration & Activation';
const TO_SMO_PROBLEMS = 'SM&O 1.A.2.3 Service Problem Management';
const TO_RMO_PERFORMANCE = 'RM&O 1.A.3.4 Resource Performance Management';

/** Merges overlapping intervals: the same loss of service reported twice counts once. */
export function mergeIntervals(
  intervals: ReadonlyArray<{ from: number; to: number }>,
): Array<{ from: number; to: number }> {
  const sorted = [...intervals].filter((i) => i.to > i.from).sort((a, b) => a.from - b.from);
  const out: Array<{ from: number; to: number }> = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else out.push({ ...i });
  }
  return out;
}

/** A service's KQIs over a period from its outages (already clipped to the period). */
export function computeKqi(
  periodStart: string,
  periodEnd: string,
  outages: ReadonlyArray<{ from: number; to: number }>,
): Pick<ServiceKqi, 'availabilityBp' | 'outageMinutes' | 'incidents' | 'mtbfMinutes' | 'mttrMinutes'> {
  const periodMs = Date.parse(periodEnd) - Date.parse(periodStart);
  const incidents = mergeIntervals(outages);
  const downMs = incidents.reduce((a, i) => a + (i.to - i.from), 0);
  const n = incidents.length;
  return {
    availabilityBp: Math.floor(((periodMs - downMs) * 10_000) / periodMs),
    outageMinutes: Math.round(downMs / MINUTE),
    incidents: n,
    // Uptime per failure, and time to restore per failure.
    mtbfMinutes: n ? Math.round((periodMs - downMs) / n / MINUTE) : null,
    mttrMinutes: n ? Math.round(downMs / n / MINUTE) : null,
  };
}

const pct = (bp: number) => `${(bp / 100).toFixed(2)} %`;
const toKqi = (k: ServiceKqiRecord): ServiceKqi => ({
  serviceId: k.serviceId,
  customerId: k.customerId,
  availabilityBp: k.availabilityBp,
  outageMinutes: k.outageMinutes,
  incidents: k.incidents,
  mtbfMinutes: k.mtbfMinutes,
  mttrMinutes: k.mttrMinutes,
});
const missesAvailability = (k: ServiceKqiRecord) =>
  k.targetAvailabilityBp !== null && k.availabilityBp < k.targetAvailabilityBp;
const missesRestoration = (k: ServiceKqiRecord) =>
  k.targetRestoreMinutes !== null && k.mttrMinutes !== null && k.mttrMinutes > k.targetRestoreMinutes;
const underPerforms = (k: ServiceKqiRecord) => k.performanceBp < 10_000 || k.degrading;

export function createServiceQualityManagementActivities(
  ports: Pick<Ports, 'serviceQuality' | 'serviceOutages' | 'notifications'>,
) {
  const { serviceQuality: quality, serviceOutages: outages, notifications } = ports;

  const keptEvents = async (runId: string) => (await quality.events(runId)).filter((e) => e.filteredReason === null);
  const mustKqis = async (runId: string) => {
    const kqis = await quality.kqis(runId);
    if (kqis.length === 0) return reject(BusinessErrorType.InvalidStateTransition, `run ${runId} has no KQIs yet`);
    return kqis;
  };

  /**
   * 1.A.2.4.1 — gather the period's quality data: the outages Service Problem Management
   * certified, and the elements RM&O found degraded mapped to the services they carry. What
   * does not affect the quality delivered is set aside with its reason (an element carrying
   * no active service, an outage of a service no longer active).
   */
  const monitorServiceQuality = defineProcess(
    { etomId: '1.A.2.4.1', input: MonitorInput, output: MonitorOutput },
    async (input, call) => {
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
    },
  );

  /**
   * 1.A.2.4.2 — the KQIs of every active service of the run: availability, outage minutes,
   * incidents (repeated reports of one loss of service counted once), MTBF and MTTR, beside
   * the worst performance of the elements carrying it, compared with its design targets.
   */
  const analyzeServiceQuality = defineProcess(
    { etomId: '1.A.2.4.2', input: AnalyzeInput, output: AnalyzeOutput },
    async (input, call) => {
      const { runId, periodStart, periodEnd } = input;
      const services = await quality.activeServices(input.regions.length ? input.regions : null);
      const events = await keptEvents(runId);
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
    },
  );

  /**
   * 1.A.2.4.3 — where a service misses what it was designed for, propose the improvement to
   * the process that can make it: a more resilient design (SM&O configuration), faster
   * restoration (SM&O problems), more capacity on the elements it runs on (RM&O performance).
   * The proposals are recorded, then sent: one notice to each process, with all of its own.
   */
  const improveService = defineProcess(
    { etomId: '1.A.2.4.3', input: RunInput, output: ImproveOutput },
    async ({ runId }, call) => {
      const actions = [];
      for (const k of await mustKqis(runId)) {
        const proposals: Array<{ kind: z.infer<typeof ImprovementKind>; addressedTo: string; reason: string }> = [];
        if (missesAvailability(k)) {
          proposals.push({
            kind: 'improveResilience',
            addressedTo: TO_SMO_CONFIGURATION,
            reason: `availability ${pct(k.availabilityBp)} below the ${pct(k.targetAvailabilityBp!)} designed (${k.incidents} incident(s), ${k.outageMinutes} min down): protect or re-route the service`,
          });
        }
        if (missesRestoration(k)) {
          proposals.push({
            kind: 'shortenRestoration',
            addressedTo: TO_SMO_PROBLEMS,
            reason: `mean time to restore ${k.mttrMinutes} min over the ${k.targetRestoreMinutes} min designed`,
          });
        }
        if (underPerforms(k)) {
          proposals.push({
            kind: 'requestCapacity',
            addressedTo: TO_RMO_PERFORMANCE,
            reason: `an element carrying it met its thresholds ${pct(k.performanceBp)} of the period${k.degrading ? ' and is degrading' : ''}: add capacity or re-route`,
          });
        }
        for (const p of proposals) {
          const a = await quality.recordImprovement(`${call.idempotencyKey}/${k.serviceId}/${p.kind}`, {
            runId,
            serviceId: k.serviceId,
            ...p,
          });
          actions.push({
            actionId: a.id,
            serviceId: a.serviceId,
            kind: a.kind,
            addressedTo: a.addressedTo,
            reason: a.reason,
          });
        }
      }
      const notices = [];
      for (const addressedTo of [...new Set(actions.map((a) => a.addressedTo))].sort()) {
        const mine = actions.filter((a) => a.addressedTo === addressedTo);
        // Keyed by run, not by call: a run's proposals reach each process once, however often it is analysed.
        const n = await notifications.send(`${runId}/improvements/${addressedTo}`, {
          recipient: addressedTo,
          channel: 'process',
          subject: `Service improvement proposals (${mine.length}) from quality run ${runId}`,
          body: mine.map((a) => `${a.actionId} ${a.serviceId} ${a.kind}: ${a.reason}`).join('\n'),
          reference: runId,
        });
        notices.push({ addressedTo, notificationId: n.id, proposals: mine.length });
      }
      return { actions: actions.map(({ reason: _, ...a }) => a), notices };
    },
  );

  /**
   * 1.A.2.4.4 — the constraints on meeting quality standards: failures that took services
   * down, elements short of capacity. RM&O is told of those on its elements; the customers
   * affected are handed to CRM with their KQIs, for their SLAs and reports.
   */
  const identifyAndReportServiceConstraints = defineProcess(
    { etomId: '1.A.2.4.4', input: RunInput, output: ConstraintsOutput },
    async ({ runId }, call) => {
      const kqis = await mustKqis(runId);
      const events = await keptEvents(runId);
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
    },
  );

  return { monitorServiceQuality, analyzeServiceQuality, improveService, identifyAndReportServiceConstraints };
}
