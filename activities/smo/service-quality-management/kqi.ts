import type { ServiceKqi } from '../../../src/domain/assurance/messages';
import type { QosMeasure, ServiceKqiRecord } from '../../../src/ports/service-quality';

/**
 * Key quality indicators of a service over a period: how they are computed from its outages,
 * and how they compare with the targets it was designed to.
 */

const MINUTE = 60_000;

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

/** Basis points as a percentage, for the texts sent to people and processes. */
export const pct = (bp: number) => `${(bp / 100).toFixed(2)} %`;

/** The KQIs of a stored record, as the other layers receive them. */
export const toKqi = (k: ServiceKqiRecord): ServiceKqi => ({
  serviceId: k.serviceId,
  customerId: k.customerId,
  availabilityBp: k.availabilityBp,
  outageMinutes: k.outageMinutes,
  incidents: k.incidents,
  mtbfMinutes: k.mtbfMinutes,
  mttrMinutes: k.mttrMinutes,
});

export const missesAvailability = (k: ServiceKqiRecord) =>
  k.targetAvailabilityBp !== null && k.availabilityBp < k.targetAvailabilityBp;
export const missesRestoration = (k: ServiceKqiRecord) =>
  k.targetRestoreMinutes !== null && k.mttrMinutes !== null && k.mttrMinutes > k.targetRestoreMinutes;
export const underPerforms = (k: ServiceKqiRecord) => k.performanceBp < 10_000 || k.degrading;

/** A number the design (1.F.2.2.1) states, or null. */
const designed = (qos: Record<string, number>, ...keys: string[]): number | null => {
  for (const k of keys) if (typeof qos[k] === 'number') return qos[k]!;
  return null;
};

/**
 * The QoS a service was designed to (1.F.2.2.1 stores maxLatencyMs, minThroughputPct and
 * committedBandwidthMbps; the installed base calls the latter bandwidthMbps) against what its
 * end-to-end test measured. A test that reports no throughput carried the committed rate; a
 * design without a throughput floor holds the service to its whole committed bandwidth.
 */
export function measureQos(design: Record<string, number>, measured: Record<string, number>): QosMeasure {
  const latencyMs = typeof measured['latencyMs'] === 'number' ? measured['latencyMs'] : null;
  const maxLatencyMs = designed(design, 'maxLatencyMs');
  const committedBandwidthMbps = designed(design, 'committedBandwidthMbps', 'bandwidthMbps');
  const minThroughputPct = designed(design, 'minThroughputPct') ?? (committedBandwidthMbps === null ? null : 100);
  const throughputPct = typeof measured['throughputPct'] === 'number' ? measured['throughputPct'] : 100;
  const deliveredBandwidthMbps =
    committedBandwidthMbps === null ? null : Math.round(committedBandwidthMbps * throughputPct) / 100;
  const shortfalls: string[] = [];
  if (latencyMs !== null && maxLatencyMs !== null && latencyMs > maxLatencyMs)
    shortfalls.push(`latency ${latencyMs} ms above the ${maxLatencyMs} ms designed`);
  if (minThroughputPct !== null && throughputPct < minThroughputPct) {
    const rate =
      committedBandwidthMbps === null
        ? ''
        : ` (${deliveredBandwidthMbps} of ${committedBandwidthMbps} Mbit/s committed)`;
    shortfalls.push(
      `throughput ${throughputPct} % of the committed rate${rate}, below the ${minThroughputPct} % designed`,
    );
  }
  return {
    latencyMs,
    maxLatencyMs,
    throughputPct,
    minThroughputPct,
    committedBandwidthMbps,
    deliveredBandwidthMbps,
    shortfall: shortfalls.length ? shortfalls.join('; ') : null,
  };
}

export const missesQos = (k: ServiceKqiRecord) => k.qos.shortfall !== null;
